import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { defineErrors, KestrelError } from '../errors/kestrel-error.js';
import { defineService } from '../service.js';
import { createTestDeps } from '../testing/test-deps.js';
import { build } from './build.js';

const ProbeErrors = defineErrors({ PROBE_NOT_FOUND: { status: 404, description: 'Test-only: no such probe.' } });

const probe = defineService({
  name: 'probe',
  config: Type.Object({ greeting: Type.String({ default: 'hello', description: 'test' }) }),
  async plugin(app, deps) {
    app.get('/v1/probe/:id', async (request) => {
      const { id } = request.params as { id: string };
      if (id === 'missing') throw new KestrelError(ProbeErrors.PROBE_NOT_FOUND, `probe ${id} not found`, { details: { id } });
      if (id === 'crash') throw new Error('database password is hunter2');
      return { id, greeting: deps.serviceConfig.greeting };
    });
    app.post(
      '/v1/probe',
      { schema: { body: Type.Object({ quantity: Type.Integer({ minimum: 1 }), side: Type.Union([Type.Literal('buy'), Type.Literal('sell')]) }) } },
      async (request) => request.body,
    );
  },
});

describe('build', () => {
  let app: FastifyInstance;
  const { deps, logs } = createTestDeps({ env: { KESTREL_HTTP_BODY_LIMIT_BYTES: '2048', KESTREL_PROBE_GREETING: 'hi' }, sections: [{ name: 'probe', schema: probe.config! }] });

  before(async () => {
    app = await build({ deps, modules: [probe] });
  });
  after(async () => {
    await app.close();
    await deps.lifecycle.close(1000);
  });

  it('mounts the service with its own config section', async () => {
    const response = await app.inject({ url: '/v1/probe/7' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { id: '7', greeting: 'hi' });
  });

  it('echoes an incoming x-request-id and generates one otherwise', async () => {
    const echoed = await app.inject({ url: '/v1/probe/1', headers: { 'x-request-id': 'trace-abc' } });
    assert.equal(echoed.headers['x-request-id'], 'trace-abc');
    const generated = await app.inject({ url: '/v1/probe/1' });
    assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  it('maps a KestrelError to its status and the error body', async () => {
    const response = await app.inject({ url: '/v1/probe/missing', headers: { 'x-request-id': 'r-1' } });
    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json(), { error: { code: 'PROBE_NOT_FOUND', message: 'probe missing not found', requestId: 'r-1', details: { id: 'missing' } } });
  });

  it('answers 400 REQUEST_INVALID with details for schema violations', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/probe', payload: { quantity: 0, side: 'hold' } });
    assert.equal(response.statusCode, 400);
    const { error } = response.json();
    assert.equal(error.code, 'REQUEST_INVALID');
    assert.ok(Array.isArray(error.details) && error.details.length >= 1);
    assert.ok(error.details.every((issue: { in: string }) => issue.in === 'body'));
    assert.ok(error.details.some((issue: { path: string }) => issue.path === '/quantity'));
  });

  it('answers 400 REQUEST_MALFORMED for broken JSON, 413 for big bodies, 415 for unknown media types', async () => {
    const broken = await app.inject({ method: 'POST', url: '/v1/probe', headers: { 'content-type': 'application/json' }, payload: '{"quantity": ' });
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().error.code, 'REQUEST_MALFORMED');
    const big = await app.inject({ method: 'POST', url: '/v1/probe', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ pad: 'x'.repeat(4096) }) });
    assert.equal(big.statusCode, 413);
    assert.equal(big.json().error.code, 'REQUEST_TOO_LARGE');
    const media = await app.inject({ method: 'POST', url: '/v1/probe', headers: { 'content-type': 'application/x-unknown' }, payload: 'x' });
    assert.equal(media.statusCode, 415);
    assert.equal(media.json().error.code, 'REQUEST_UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 400 REQUEST_MALFORMED for a URL that cannot be decoded, with the request id', async () => {
    const response = await app.inject({ url: '/v1/probe/%E0%A4%A', headers: { 'x-request-id': 'r-bad-url' } });
    assert.equal(response.statusCode, 400);
    assert.equal(response.headers['x-request-id'], 'r-bad-url');
    assert.equal(response.json().error.code, 'REQUEST_MALFORMED');
  });

  it('answers 404 ROUTE_NOT_FOUND for unknown routes without echoing the query', async () => {
    const response = await app.inject({ url: '/v1/nothing?token=abc', headers: { 'x-request-id': 'r-404' } });
    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json(), { error: { code: 'ROUTE_NOT_FOUND', message: 'No route for GET /v1/nothing', requestId: 'r-404' } });
  });

  it('answers 500 INTERNAL_ERROR without the internal message, and logs it with the request id', async () => {
    const response = await app.inject({ url: '/v1/probe/crash', headers: { 'x-request-id': 'r-500' } });
    assert.equal(response.statusCode, 500);
    assert.deepEqual(response.json(), { error: { code: 'INTERNAL_ERROR', message: 'Internal server error', requestId: 'r-500' } });
    const logged = logs.lines.find((line) => line.requestId === 'r-500' && line.level === 50);
    assert.ok(logged, 'the failure is logged at error level');
    assert.match(String((logged.err as Record<string, unknown>).message), /hunter2/);
  });

  it('serves liveness and Prometheus metrics labelled by route pattern', async () => {
    assert.deepEqual((await app.inject({ url: '/health/live' })).json(), { status: 'ok' });
    await app.inject({ url: '/v1/probe/42' });
    await app.inject({ url: '/does/not/exist/123' });
    const metrics = await app.inject({ url: '/metrics' });
    assert.equal(metrics.statusCode, 200);
    assert.match(String(metrics.headers['content-type']), /^text\/plain/);
    assert.match(metrics.body, /http_request_duration_seconds_count\{method="GET",route="\/v1\/probe\/:id",status_code="200"\} \d+/);
    assert.match(metrics.body, /route="unmatched",status_code="404"/);
    // The raw paths never become labels (a bare /123/ would also match any metric value with those digits).
    assert.doesNotMatch(metrics.body, /\/v1\/probe\/42|\/does\/not\/exist\/123/);
    assert.match(metrics.body, /process_cpu_user_seconds_total/);
  });
});

describe('build with a non-encapsulated module', () => {
  it('applies its hooks to services mounted after it, while encapsulated hooks stay private', async () => {
    const { deps } = createTestDeps();
    const edge = defineService({
      name: 'edge',
      encapsulate: false,
      async plugin(app) {
        app.addHook('onRequest', async (_request, reply) => {
          reply.header('x-edge', 'seen');
        });
      },
    });
    const privateHook = defineService({
      name: 'private-hook',
      async plugin(app) {
        app.addHook('onRequest', async (_request, reply) => {
          reply.header('x-private', 'leaked');
        });
        app.get('/v1/private', async () => ({ ok: true }));
      },
    });
    const later = defineService({
      name: 'later',
      async plugin(app) {
        app.get('/v1/later', async () => ({ ok: true }));
      },
    });
    const app = await build({ deps, modules: [edge, privateHook, later] });
    try {
      const response = await app.inject({ url: '/v1/later' });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['x-edge'], 'seen');
      assert.equal(response.headers['x-private'], undefined);
      assert.equal((await app.inject({ url: '/v1/private' })).headers['x-private'], 'leaked');
    } finally {
      await app.close();
      await deps.lifecycle.close(1000);
    }
  });
});
