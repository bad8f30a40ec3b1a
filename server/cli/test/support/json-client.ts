// A JSON client for the suites that talk to a running `kestrel serve` child process over real
// HTTP: any status comes back with its parsed body (an empty object when there is none), so a
// test asserts on both; `login` signs in with a password and returns the access token.
import assert from 'node:assert/strict';

/** A status and its JSON body. */
export interface JsonResponse {
  status: number;
  json: Record<string, unknown>;
}

/** Calls of one server. */
export interface JsonClient {
  call(method: string, route: string, body?: unknown, token?: string): Promise<JsonResponse>;
  /** POST /v1/auth/login; asserts 200 and returns the access token. */
  login(email: string, password: string): Promise<string>;
}

/** A client of the server at `baseUrl` (e.g. http://127.0.0.1:8080). */
export function jsonClient(baseUrl: string): JsonClient {
  const call: JsonClient['call'] = async (method, route, body, token) => {
    const response = await fetch(`${baseUrl}${route}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, unknown> };
  };
  return {
    call,
    async login(email, password) {
      const response = await call('POST', '/v1/auth/login', { email, password });
      assert.equal(response.status, 200, JSON.stringify(response.json));
      return response.json.accessToken as string;
    },
  };
}
