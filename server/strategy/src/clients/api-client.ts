// How the strategy service calls the rest of the platform: only through public HTTP APIs (services
// never import each other) — over the network through the gateway in the suite shape
// (`strategy.apiUrl`), or in the embedded shape an in-process request through Fastify's inject()
// on this process's own server (same routes, same authentication, permission, ownership and rate
// limit hooks, no socket). Invariants: every call carries a credential of the user it acts for
// (the caller's forwarded headers, or a deployment's own API key), so the owning service applies
// its own rules; an answer that is not the expected 2xx becomes UpstreamRefused (a 4xx about the
// request) or UpstreamUnavailable (anything else), never a guess.
import type { FastifyInstance } from 'fastify';

/** Credential headers of the user a call acts for. */
export interface Credentials {
  authorization?: string;
  'x-api-key'?: string;
}

/** One HTTP exchange. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  credentials: Credentials;
  body?: unknown;
}

/** Status and parsed JSON body. */
export interface ApiResponse {
  status: number;
  body: unknown;
}

/** Sends one request. */
export type Transport = (request: ApiRequest) => Promise<ApiResponse>;

/** The other service gave no usable answer (down, timing out, malformed). */
export class UpstreamUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UpstreamUnavailable';
  }
}

/** The other service refused the request itself with a 4xx and its error code. */
export class UpstreamRefused extends Error {
  readonly status: number;
  readonly code: string | null;
  readonly detail: string;

  constructor(status: number, code: string | null, detail: string, path: string) {
    super(`${path} refused: ${status}${code ? ` ${code}` : ''}${detail ? ` (${detail})` : ''}`);
    this.name = 'UpstreamRefused';
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

function headersOf(request: ApiRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  if (request.credentials.authorization) headers.authorization = request.credentials.authorization;
  if (request.credentials['x-api-key']) headers['x-api-key'] = request.credentials['x-api-key'];
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  return headers;
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Over the network with fetch, each call bounded by `timeoutMs`. */
export function httpTransport(baseUrl: string, timeoutMs: number): Transport {
  const base = baseUrl.replace(/\/+$/, '');
  return async (request) => {
    let response: Response;
    try {
      response = await fetch(`${base}${request.path}`, {
        method: request.method,
        headers: headersOf(request),
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new UpstreamUnavailable(`${request.method} ${request.path} failed: ${(error as Error).message}`, { cause: error });
    }
    return { status: response.status, body: parseBody(await response.text()) };
  };
}

/** In this process, through the server's own router (the embedded shape). */
export function injectTransport(app: FastifyInstance, timeoutMs: number): Transport {
  return async (request) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const response = await Promise.race([
        app.inject({
          method: request.method,
          url: request.path,
          headers: headersOf(request),
          ...(request.body === undefined ? {} : { payload: JSON.stringify(request.body) }),
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new UpstreamUnavailable(`${request.method} ${request.path} timed out`)), timeoutMs);
        }),
      ]);
      return { status: response.statusCode, body: parseBody(response.body) };
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Calls `request` and returns the body of a 2xx; throws UpstreamRefused / UpstreamUnavailable. */
export async function call(transport: Transport, request: ApiRequest): Promise<unknown> {
  const response = await transport(request);
  if (response.status >= 200 && response.status < 300) return response.body;
  const error = (response.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : null;
  const message = typeof error?.message === 'string' ? error.message : '';
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
    throw new UpstreamRefused(response.status, code, message, `${request.method} ${request.path}`);
  }
  throw new UpstreamUnavailable(`${request.method} ${request.path} answered ${response.status}${code ? ` ${code}` : ''}`);
}
