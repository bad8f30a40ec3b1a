// The gateway in proxy mode (the suite's edge) in front of a second Fastify instance running the
// services, both on loopback: authentication at the edge, pass-through of credentials and request
// ids, the merged OpenAPI document, rate limits at the edge, 503 when the upstream is gone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { build, createRuntime, loadConfig, type CoreDeps } from '@kestrel/server-common';
import { gatewayService } from '@kestrel/server-gateway';
import { requireTestEnv, startHarness, type Harness } from './harness.js';

let upstream: Harness;
let upstreamUrl: string;
let edge: FastifyInstance;
let edgeDeps: CoreDeps;
let edgeUrl: string;

before(async () => {
  upstream = await startHarness();
  upstreamUrl = await upstream.app.listen({ host: '127.0.0.1', port: 0 });
  const { config } = loadConfig({
    env: {
      KESTREL_DATABASE_URL: requireTestEnv('KESTREL_TEST_DATABASE_URL'),
      KESTREL_LOG_LEVEL: 'silent',
      KESTREL_GATEWAY_MODE: 'proxy',
      KESTREL_GATEWAY_AUTH_URL: upstreamUrl,
      KESTREL_GATEWAY_UPSTREAMS: `/v1=${upstreamUrl}`,
      KESTREL_GATEWAY_RATE_LIMIT_PER_MINUTE: '20',
    },
    sections: [{ name: gatewayService.name, schema: gatewayService.config! }],
  });
  edgeDeps = await createRuntime({ config, processName: 'kestrel-edge-test' });
  edge = await build({ deps: edgeDeps, modules: [gatewayService] });
  edgeUrl = await edge.listen({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  await edge?.close();
  await edgeDeps?.lifecycle.close(5000);
  await upstream?.close();
});

const call = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(new URL(path, edgeUrl), {
    ...init,
    headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.headers as Record<string, string>) },
  });

test('public routes pass, protected routes need a valid credential at the edge', async () => {
  const user = await upstream.user('trader');
  const login = await call('/v1/auth/login', { method: 'POST', body: JSON.stringify({ email: user.email, password: user.password }) });
  assert.equal(login.status, 200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const me = await call('/v1/users/me', { token: accessToken, headers: { 'x-request-id': 'edge-trace-1' } });
  assert.equal(me.status, 200);
  assert.equal(((await me.json()) as { id: string }).id, user.id);
  assert.equal(me.headers.get('x-request-id'), 'edge-trace-1', 'the request id travels through');

  const anonymous = await call('/v1/users/me');
  assert.equal(anonymous.status, 401);
  assert.equal(((await anonymous.json()) as { error: { code: string } }).error.code, 'GATEWAY_UNAUTHENTICATED');
  const forged = await call('/v1/users/me', { token: accessToken.slice(0, -4) + 'AAAA' });
  assert.equal(forged.status, 401);

  const key = ((await (await call('/v1/api-keys', { method: 'POST', token: accessToken, body: JSON.stringify({ name: 'edge', scopes: ['read'] }) })).json()) as { key: string }).key;
  assert.equal((await call('/v1/workspaces', { headers: { 'x-api-key': key } })).status, 200, 'API keys work through the edge');
  const denied = await call('/v1/admin/users', { token: accessToken });
  assert.equal(denied.status, 403, 'the service behind the edge still checks the permission');
});

test('the edge serves the OpenAPI document merged from the upstream', async () => {
  const response = await call('/v1/openapi.json');
  assert.equal(response.status, 200);
  const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
  assert.equal(document.openapi, '3.1.0');
  assert.ok(document.paths['/v1/auth/login'] && document.paths['/v1/workspaces/{id}']);
});

test('rate limits apply at the edge', async () => {
  const user = await upstream.user('viewer');
  let limited: Response | undefined;
  for (let i = 0; i < 25 && !limited; i++) {
    const response = await call('/v1/profile', { token: user.accessToken });
    if (response.status === 429) limited = response;
  }
  assert.ok(limited, 'a 429 arrived');
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
});

test('an unreachable upstream answers 503 with the common error body', async () => {
  const user = await upstream.user('viewer');
  await upstream.app.close();
  const response = await call('/v1/profile', { token: user.accessToken });
  assert.equal(response.status, 503);
  assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'GATEWAY_UPSTREAM_UNAVAILABLE');
});

test('an in-process gateway with neither the auth service nor KESTREL_GATEWAY_AUTH_URL refuses to start', async () => {
  const { config } = loadConfig({
    env: { KESTREL_DATABASE_URL: requireTestEnv('KESTREL_TEST_DATABASE_URL'), KESTREL_LOG_LEVEL: 'silent' },
    sections: [{ name: gatewayService.name, schema: gatewayService.config! }],
  });
  const deps = await createRuntime({ config, processName: 'kestrel-lonely-gateway-test' });
  try {
    const app = await build({ deps, modules: [gatewayService] });
    await assert.rejects(async () => app.ready(), /auth service in this process or KESTREL_GATEWAY_AUTH_URL/);
    await app.close().catch(() => undefined);
  } finally {
    await deps.lifecycle.close(5000);
  }
});
