// One request to a service under test through Fastify's inject(), as the harnesses of the service
// packages send it: the caller as the test principal (test-principal.ts), an optional service token
// (x-kestrel-service-token), a JSON body — or a string sent as it is, with its own content type.
// The answer keeps its raw bytes and headers (downloads) next to a loosely typed json().
import type { FastifyInstance } from 'fastify';
import { testPrincipalHeaders, type TestResponse, type TestUser } from './test-principal.js';

/** How to send one request. */
export interface InjectCallOptions {
  as?: TestUser;
  /** An object is sent as JSON; a string as it is (with `contentType`, default JSON). */
  body?: unknown;
  /** Sent as x-kestrel-service-token. */
  token?: string;
  contentType?: string;
}

/** An inject() answer with its raw bytes and headers. */
export interface InjectedResponse extends TestResponse {
  rawPayload: Buffer;
  headers: Record<string, unknown>;
}

/** Sends `method path` to `app` (see the module comment). */
export async function injectCall(app: FastifyInstance, method: string, path: string, options: InjectCallOptions = {}): Promise<InjectedResponse> {
  const headers = testPrincipalHeaders(options.as);
  if (options.token) headers['x-kestrel-service-token'] = options.token;
  const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  else if (options.contentType) headers['content-type'] = options.contentType;
  const response = await app.inject({ method: method as 'GET', url: path, headers, ...(payload === undefined ? {} : { payload }) });
  return { statusCode: response.statusCode, body: response.body, rawPayload: response.rawPayload, headers: response.headers, json: () => response.json() };
}
