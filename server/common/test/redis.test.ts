// The Redis factory against a real Redis: lazy connect, PING, graceful close, bounded failure.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRedis, closeRedis, createRedis, redisRetryDelay } from '../src/redis/redis.js';
import { requireTestEnv } from '../src/testing/require-test-env.js';

describe('createRedis', () => {
  const url = requireTestEnv('KESTREL_TEST_REDIS_URL');

  it('does not connect until used, then answers PING and closes', async () => {
    const client = createRedis({ url, connectionName: 'kestrel-test' });
    assert.equal(client.status, 'wait');
    await checkRedis(client);
    assert.equal(client.status, 'ready');
    const key = `kestrel:test:${process.pid}:${Date.now()}`;
    await client.set(key, '1', 'EX', 10);
    assert.equal(await client.get(key), '1');
    assert.equal(await client.client('GETNAME'), 'kestrel-test');
    await closeRedis(client);
    assert.equal(client.status, 'end');
  });

  it('closes an unused client without connecting', async () => {
    const client = createRedis({ url });
    await closeRedis(client);
    assert.equal(client.status, 'end');
  });

  it('fails commands after a few retries instead of hanging when Redis is down', async () => {
    const client = createRedis({ url: 'redis://127.0.0.1:1' });
    const started = Date.now();
    await assert.rejects(checkRedis(client));
    // A few retries of 50–200 ms; without maxRetriesPerRequest it would retry forever. Loose, as
    // a loaded CI machine can stall the retry timers for seconds.
    assert.ok(Date.now() - started < 15_000, `bounded by maxRetriesPerRequest (failed after ${Date.now() - started} ms)`);
    await closeRedis(client);
  });

  it('backs off exponentially up to 2 s', () => {
    assert.deepEqual([1, 2, 3, 6, 7, 50].map(redisRetryDelay), [50, 100, 200, 1600, 2000, 2000]);
  });
});
