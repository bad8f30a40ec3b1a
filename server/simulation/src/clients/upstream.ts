// How the simulation service talks to the portfolio, market-data and order services. Services
// never import each other, so this is HTTP: over the network in the suite shape (a configured base
// URL), or in the embedded shape an in-process request through Fastify's inject() on this
// process's own server (same routes, same gateway hooks, no socket). Invariants: every call is
// bounded in time; an answer that is not the expected status is never guessed at — a 4xx about the
// request comes back to the caller as UpstreamAnswer for the use case to translate, anything else
// (down, timeout, 5xx, unparsable body) is SIMULATION_UPSTREAM_UNAVAILABLE.
import type { FastifyInstance } from 'fastify';
import { simulationError } from '../errors.js';

/** One HTTP exchange. */
export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A status and its parsed JSON body. */
export interface UpstreamAnswer {
  status: number;
  body: unknown;
}

/** Sends one request. */
export type Transport = (request: UpstreamRequest) => Promise<UpstreamAnswer>;

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Over the network with fetch. */
export function httpTransport(service: string, baseUrl: string, timeoutMs: number): Transport {
  const base = baseUrl.replace(/\/+$/, '');
  return async (request) => {
    try {
      const response = await fetch(`${base}${request.path}`, {
        method: request.method,
        headers: { ...request.headers, ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: response.status, body: parseBody(await response.text()) };
    } catch (error) {
      throw simulationError('SIMULATION_UPSTREAM_UNAVAILABLE', `${service} did not answer ${request.method} ${request.path}`, { service, reason: (error as Error).message });
    }
  };
}

/** In this process, through the server's own router (the embedded shape). */
export function injectTransport(service: string, app: FastifyInstance, timeoutMs: number): Transport {
  return async (request) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(simulationError('SIMULATION_UPSTREAM_UNAVAILABLE', `${service} timed out on ${request.path}`, { service })), timeoutMs);
      timer.unref();
    });
    try {
      const response = await Promise.race([
        app.inject({
          method: request.method,
          url: request.path,
          headers: request.headers ?? {},
          ...(request.body === undefined ? {} : { payload: request.body as object }),
        }),
        timeout,
      ]);
      return { status: response.statusCode, body: parseBody(response.body) };
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The error code in a Kestrel error body, if any. */
export function errorCodeOf(answer: UpstreamAnswer): string | null {
  const code = (answer.body as { error?: { code?: unknown } } | null)?.error?.code;
  return typeof code === 'string' ? code : null;
}

/** Statuses that say nothing about the request's values (credentials, throttling, timeouts). */
const TRANSIENT = new Set([401, 403, 408, 429]);

/**
 * The error for an answer the use case did not expect: a refusal of the request's values (another
 * 4xx: a currency the portfolio does not support, an amount beyond its range, a reused reference)
 * is SIMULATION_REQUEST_REFUSED with the other service's code; anything else is
 * SIMULATION_UPSTREAM_UNAVAILABLE.
 */
export function unexpected(service: string, request: string, answer: UpstreamAnswer) {
  const details = { service, status: answer.status, code: errorCodeOf(answer) };
  if (answer.status >= 400 && answer.status < 500 && !TRANSIENT.has(answer.status)) {
    return simulationError('SIMULATION_REQUEST_REFUSED', `${service} refused ${request}${details.code ? ` (${details.code})` : ''}`, details);
  }
  return simulationError('SIMULATION_UPSTREAM_UNAVAILABLE', `${service} answered ${answer.status} to ${request}`, details);
}
