// The AttemptLimiter contract, run against the in-process and the Redis implementation alike.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { AttemptLimiter } from '../src/limits/attempt-limiter.js';
import { MemoryAttemptLimiter } from '../src/limits/memory-attempt-limiter.js';
import { RedisAttemptLimiter } from '../src/limits/redis-attempt-limiter.js';
import { requireTestEnv } from './support/env.js';

const redis = new Redis(requireTestEnv('KESTREL_TEST_REDIS_URL'), { lazyConnect: false, maxRetriesPerRequest: 1 });
after(() => redis.quit());

const implementations: Array<[string, () => AttemptLimiter]> = [
  ['memory', () => new MemoryAttemptLimiter()],
  ['redis', () => new RedisAttemptLimiter(redis, `kestrel:test:${process.pid}:${Date.now()}:`)],
];

for (const [name, make] of implementations) {
  describe(`AttemptLimiter contract: ${name}`, () => {
    test('counts hits per key within a window', async () => {
      const limiter = make();
      assert.deepEqual((await limiter.peek('a')).count, 0);
      for (let i = 1; i <= 5; i++) assert.equal((await limiter.hit('a', 10_000)).count, i);
      assert.equal((await limiter.hit('b', 10_000)).count, 1, 'keys are independent');
      const window = await limiter.peek('a');
      assert.equal(window.count, 5);
      assert.ok(window.resetInMs > 0 && window.resetInMs <= 10_000);
    });

    test('concurrent hits are not lost', async () => {
      const limiter = make();
      const results = await Promise.all(Array.from({ length: 50 }, () => limiter.hit('c', 10_000)));
      assert.deepEqual(results.map((r) => r.count).sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i + 1));
    });

    test('a window expires and the count restarts', async () => {
      const limiter = make();
      await limiter.hit('d', 150);
      await limiter.hit('d', 150);
      await sleep(200);
      assert.equal((await limiter.peek('d')).count, 0);
      assert.equal((await limiter.hit('d', 150)).count, 1);
    });

    test('reset forgets the key', async () => {
      const limiter = make();
      await limiter.hit('e', 10_000);
      await limiter.reset('e');
      assert.equal((await limiter.peek('e')).count, 0);
    });
  });
}
