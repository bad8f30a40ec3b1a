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

/** Resolves after the event loop has run its check phase, where a batcher starts its batches. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

test('items submitted in one turn of the event loop share a batch, and each caller gets its own answer', async () => {
  const { batches, run } = runner();
  const batcher = new GroupBatcher(run, options);
  const items = Array.from({ length: 50 }, (_, i) => i + 1);
  const answers = await Promise.all(items.map((item) => batcher.submit(item)));
  assert.deepEqual(answers, items.map((item) => item * 10));
  assert.deepEqual(batches, [50]);
});

test('an item alone starts at once; items that arrive while two batches are in flight share the next batch', async () => {
  const batches: number[] = [];
  let release = (): void => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const batcher = new GroupBatcher(
    async (items: readonly number[]) => {
      batches.push(items.length);
      await gate;
      return items.map((item) => item * 10);
    },
    options,
  );
  const answers = [batcher.submit(1)];
  await nextTurn();
  assert.deepEqual(batches, [1], 'the first item went at the end of its turn, alone');
  answers.push(batcher.submit(2));
  await nextTurn();
  for (let item = 3; item <= 50; item += 1) {
    answers.push(batcher.submit(item));
    if (item % 10 === 0) await nextTurn();
  }
  assert.deepEqual(batches, [1, 1], 'two batches in flight: the rest waits');
  release();
  assert.deepEqual(await Promise.all(answers), Array.from({ length: 50 }, (_, i) => (i + 1) * 10));
  assert.deepEqual(batches, [1, 1, 48]);
});

test('maxBatch bounds a batch', async () => {
  const { batches, run } = runner();
  const batcher = new GroupBatcher(run, { ...options, maxBatch: 10, maxInFlight: 1 });
  await Promise.all(Array.from({ length: 25 }, (_, i) => batcher.submit(i + 1)));
  assert.deepEqual(batches, [10, 10, 5]);
});

test('a batch failing for one item is split so the bad item does not fail the others', async () => {
  const { batches, run } = runner();
  const batcher = new GroupBatcher(run, options);
  await Promise.all([batcher.submit(1), batcher.submit(2)]);
  const settled = await Promise.allSettled([batcher.submit(3), batcher.submit(-1), batcher.submit(4)]);
  assert.deepEqual(settled[0], { status: 'fulfilled', value: 30 });
  assert.deepEqual(settled.slice(1).map((result) => result.status), ['rejected', 'fulfilled']);
  assert.deepEqual(batches, [2, 3, 1, 1, 1]);
});

test('a failure that is not retried alone fails the whole batch, and later items go on', async () => {
  const { run } = runner();
  const batcher = new GroupBatcher(run, options);
  assert.deepEqual(await Promise.all([batcher.submit(1), batcher.submit(1)]), [10, 10]);
  const results = await Promise.allSettled([batcher.submit(0), batcher.submit(5)]);
  assert.deepEqual(results.map((result) => result.status), ['rejected', 'rejected']);
  assert.equal(await batcher.submit(7), 70);
});

test('a runner answering the wrong number of items fails its callers instead of mismatching answers', async () => {
  const batcher = new GroupBatcher(async (items: readonly number[]) => items.slice(1), { maxBatch: 10, maxInFlight: 1 });
  const results = await Promise.allSettled([batcher.submit(1), batcher.submit(2), batcher.submit(3)]);
  assert.deepEqual(results.map((result) => result.status), ['rejected', 'rejected', 'rejected']);
  assert.match(String((results[1] as PromiseRejectedResult).reason), /3 items got 2 answers/);
});
