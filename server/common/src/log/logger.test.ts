import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { build } from '../http/build.js';
import { defineService } from '../service.js';
import { LogCapture, createTestDeps } from '../testing/test-deps.js';
import { createLogger, redactConnectionUrl, redactSecrets, redactUrl } from './logger.js';

describe('logger redaction', () => {
  it('hides secrets at any depth up to four levels, keeping the rest', () => {
    const capture = new LogCapture();
    const logger = createLogger({ destination: capture.stream });
    logger.info(
      {
        password: 'pw-top',
        user: { email: 'ada@example.com', password: 'pw-nested', apiKey: 'key-1' },
        headers: { authorization: 'Bearer tok-1', cookie: 'sid=abc', 'set-cookie': 'sid=def', accept: 'application/json' },
        body: { credentials: { token: 'tok-2', refreshToken: 'tok-3', secret: 'sec-1' } },
        a: { b: { c: { d: { clientSecret: 'sec-2' } } } },
      },
      'login attempt',
    );
    const text = capture.text();
    for (const secret of ['pw-top', 'pw-nested', 'key-1', 'tok-1', 'sid=abc', 'sid=def', 'tok-2', 'tok-3', 'sec-1', 'sec-2']) {
      assert.ok(!text.includes(secret), `${secret} leaked into ${text}`);
    }
    const [line] = capture.lines;
    assert.equal((line?.user as Record<string, unknown>).email, 'ada@example.com');
    assert.equal((line?.user as Record<string, unknown>).password, '[REDACTED]');
    assert.equal((line?.headers as Record<string, unknown>).accept, 'application/json');
    assert.equal((line?.headers as Record<string, unknown>)['set-cookie'], '[REDACTED]');
  });

  it('hides secrets in arrays, errors and child bindings, and leaves the logged objects as they were', () => {
    const capture = new LogCapture();
    const logger = createLogger({ destination: capture.stream });
    const accounts = [{ name: 'main', apiKey: 'key-in-array' }, { name: 'spare' }];
    const error = Object.assign(new Error('upstream refused'), { code: 'E_UPSTREAM', request: { headers: { authorization: 'Bearer err-secret' } } });
    logger.child({ token: 'binding-secret', service: 'probe' }).error({ accounts, err: error }, 'call failed');
    const text = capture.text();
    for (const secret of ['key-in-array', 'err-secret', 'binding-secret']) assert.ok(!text.includes(secret), `${secret} leaked into ${text}`);
    const [line] = capture.lines;
    assert.equal(line?.service, 'probe');
    assert.deepEqual(line?.accounts, [{ name: 'main', apiKey: '[REDACTED]' }, { name: 'spare' }]);
    const err = line?.err as Record<string, unknown>;
    assert.equal(err.type, 'Error', 'still serialized as an error');
    assert.equal(err.message, 'upstream refused');
    assert.equal(err.code, 'E_UPSTREAM');
    assert.match(String(err.stack), /upstream refused/);
    assert.equal(accounts[0]!.apiKey, 'key-in-array', "the caller's object is not modified");
    assert.equal(error.request.headers.authorization, 'Bearer err-secret');
  });

  it('searches four levels below the logged object and copies only what holds a secret', () => {
    const clean = { a: { b: [1, 2, { c: 'x' }] }, at: new Date(0) };
    assert.equal(redactSecrets(clean), clean, 'nothing to hide: the same object');
    const nested = { l0: { l1: { l2: { l3: { password: 'deep' } } } }, other: { kept: true } };
    const redacted = redactSecrets(nested);
    assert.equal(redacted.l0.l1.l2.l3.password, '[REDACTED]');
    assert.equal(redacted.other, nested.other, 'a branch without secrets is shared, not copied');
    assert.equal(nested.l0.l1.l2.l3.password, 'deep');
    const beyond = { l0: { l1: { l2: { l3: { l4: { password: 'deeper' } } } } } };
    assert.equal(redactSecrets(beyond), beyond, 'below four levels nothing is searched (the documented limit)');
  });

  it('masks token-like query parameters and connection passwords', () => {
    assert.equal(redactUrl('/v1/stream?symbol=AAPL&token=abc&API_KEY=k'), '/v1/stream?symbol=AAPL&token=[REDACTED]&API_KEY=[REDACTED]');
    assert.equal(redactUrl('/v1/orders'), '/v1/orders');
    assert.equal(redactConnectionUrl('postgres://kestrel:hunter2@db:5432/kestrel'), 'postgres://kestrel:%5BREDACTED%5D@db:5432/kestrel');
    assert.ok(!redactConnectionUrl('redis://:hunter2@cache:6379').includes('hunter2'));
  });

  it('keeps secrets out of request logs and tags every line with the request id', async () => {
    const { deps, logs } = createTestDeps();
    const probe = defineService({
      name: 'probe',
      async plugin(app) {
        app.post('/v1/probe', async (request) => {
          request.log.info({ headers: request.headers, body: request.body }, 'probe called');
          return { ok: true };
        });
      },
    });
    const app = await build({ deps, modules: [probe] });
    const response = await app.inject({
      method: 'POST',
      url: '/v1/probe?access_token=qs-secret',
      headers: { authorization: 'Bearer header-secret', cookie: 'session=cookie-secret', 'x-request-id': 'req-42' },
      payload: { username: 'ada', password: 'body-secret' },
    });
    assert.equal(response.statusCode, 200);
    await app.close();
    await deps.lifecycle.close(1000);
    const text = logs.text();
    for (const secret of ['qs-secret', 'header-secret', 'cookie-secret', 'body-secret']) assert.ok(!text.includes(secret), `${secret} leaked`);
    const requestLines = logs.lines.filter((line) => line.requestId === 'req-42');
    assert.ok(requestLines.length >= 3, 'incoming, handler and completed lines carry the request id');
    assert.ok(requestLines.some((line) => line.msg === 'probe called' && (line.body as Record<string, unknown>).username === 'ada'));
  });
});
