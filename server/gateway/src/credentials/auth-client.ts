// How the gateway reaches the auth service: by an in-process request (light-my-request through
// the same Fastify instance) when auth is mounted in this process, or over HTTP in the suite.
// Both read the same public routes (GET /v1/auth/jwks, POST /v1/auth/api-keys/introspect), so the
// two shapes share every code path above this one.
import type { FastifyInstance } from 'fastify';
import type { JSONWebKeySet } from 'jose';
import { KestrelError } from '@kestrel/server-common';
import { GatewayErrors } from '../errors.js';

/** What introspecting a valid API key returns. */
export interface ApiKeyIdentity {
  keyId: string;
  userId: string;
  role: string;
  scopes: string[];
}

/** The two calls the gateway makes to the auth service. */
export interface AuthClient {
  fetchJwks(): Promise<JSONWebKeySet>;
  /** The key's owner and scopes, or null when the key is not valid. */
  introspectApiKey(apiKey: string): Promise<ApiKeyIdentity | null>;
}

interface Answer {
  status: number;
  body: unknown;
}

function unavailable(cause: unknown): KestrelError {
  return new KestrelError(GatewayErrors.GATEWAY_UPSTREAM_UNAVAILABLE, 'The auth service is unavailable', { cause });
}

function build(call: (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<Answer>): AuthClient {
  return {
    async fetchJwks() {
      const answer = await call('GET', '/v1/auth/jwks');
      if (answer.status !== 200) throw unavailable(new Error(`JWKS answered ${answer.status}`));
      return answer.body as JSONWebKeySet;
    },
    async introspectApiKey(apiKey) {
      const answer = await call('POST', '/v1/auth/api-keys/introspect', { apiKey });
      if (answer.status === 200) return answer.body as ApiKeyIdentity;
      if (answer.status === 401 || answer.status === 400) return null;
      throw unavailable(new Error(`introspection answered ${answer.status}`));
    },
  };
}

/** Header marking the gateway's own in-process calls (its value is a per-process secret). */
export const INTERNAL_MARK_HEADER = 'x-kestrel-gateway-internal';

/** Reaches the auth service mounted in the same process. */
export function injectAuthClient(app: FastifyInstance, internalMark: string): AuthClient {
  return build(async (method, url, body) => {
    const response = await app.inject({
      method,
      url,
      headers: { [INTERNAL_MARK_HEADER]: internalMark },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: response.statusCode, body: response.json() };
  });
}

/** Reaches the auth service at `baseUrl` over HTTP (5 s timeout). */
export function httpAuthClient(baseUrl: string): AuthClient {
  return build(async (method, path, body) => {
    try {
      const response = await fetch(new URL(path, baseUrl), {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(5000),
      });
      return { status: response.status, body: await response.json() };
    } catch (error) {
      throw unavailable(error);
    }
  });
}
