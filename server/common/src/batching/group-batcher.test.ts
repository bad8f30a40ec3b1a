import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GroupBatcher } from './group-batcher.js';

class Refused extends Error {}

/** A batch runner that answers after a turn of the event loop, recording each batch it got. */
function runner() {
  const batches: number[] = [];
  const run = async (items: readonly number[]) => {
    batches.push(items.length);
    await new Promise((resolve) => setImmediate(resolve));
    if (items.some((item) => item < 0)) throw new Refused('one bad item');
    if (items.some((item) => item === 0)) throw new Error('backend down');
    return items.map((item) => item * 10);
  };
  return { batches, run };
}

const options = { maxBatch: 500, maxInFlight: 2, retryAlone: (error: unknown) => error instanceof Refused };

test('items that arrive while two batches are in flight share the next batch, and each caller gets its own answer', async () => {
  const { batches, run } = runner();
  const batcher = new GroupBatcher(run, options);
  const items = Array.from({ length: 50 }, (_, i) => i + 1);
  const answers = await Promise.all(items.map((item) => batcher.submit(item)));
  assert.deepEqual(answers, items.map((item) => item * 10));
  assert.deepEqual(batches, [1, 1, 48]);
});

test('maxBatch bounds a batch', async () => {
  const { batches, run } = runner();
  const batcher = new GroupBatcher(run, { ...options, maxBatch: 10, maxInFlight: 1 });
  await Promise.all(Array.from({ length: 25 }, (_, i) => batcher.submit(i + 1)));
  assert.deepEqual(batches, [1, 10, 10, 4]);
});

test('a batch failing for one item is split so the bad item does not fail the others', async () => {
  const { batches, run } = runner();
  const batcher = new GroupBatcher(run, options);
  const first = [batcher.submit(1), batcher.submit(2)];
  const rest = [batcher.submit(3), batcher.submit(-1), batcher.submit(4)];
  await Promise.all(first);
  const settled = await Promise.allSettled(rest);
  assert.deepEqual(settled[0], { status: 'fulfilled', value: 30 });
  assert.deepEqual(settled.slice(1).map((result) => result.status), ['rejected', 'fulfilled']);
  assert.deepEqual(batches, [1, 1, 3, 1, 1, 1]);
});

test('a failure that is not retried alone fails the whole batch, and later items go on', async () => {
  const { run } = runner();
  const batcher = new GroupBatcher(run, options);
  const results = await Promise.allSettled([batcher.submit(1), batcher.submit(1), batcher.submit(0), batcher.submit(5)]);
  assert.deepEqual(results.map((result) => result.status), ['fulfilled', 'fulfilled', 'rejected', 'rejected']);
  assert.equal(await batcher.submit(7), 70);
});

test('a runner answering the wrong number of items fails its callers instead of mismatching answers', async () => {
  const batcher = new GroupBatcher(async (items: readonly number[]) => items.slice(1), { maxBatch: 10, maxInFlight: 1 });
  const first = batcher.submit(1);
  const results = await Promise.allSettled([first, batcher.submit(2), batcher.submit(3)]);
  assert.equal(results[0].status, 'rejected');
  assert.match(String((results[1] as PromiseRejectedResult).reason), /2 items got 1 answers/);
});
