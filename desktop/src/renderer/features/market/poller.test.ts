import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Poller, type PollResult } from './poller.js';

describe('Poller', () => {
  it('shares one timer per key, replays the last value and stops with the last subscriber', async () => {
    const poller = new Poller();
    let calls = 0;
    const seenA: Array<PollResult<number>> = [];
    const seenB: Array<PollResult<number>> = [];
    const offA = poller.watch('k', 20, async () => ++calls, (result) => seenA.push(result));
    await sleep(5);
    const offB = poller.watch('k', 20, async () => 1000, (result) => seenB.push(result));
    assert.equal(poller.size, 1);
    assert.deepEqual(seenB[0], { ok: true, value: 1 });
    await sleep(50);
    offA();
    offB();
    assert.equal(poller.size, 0);
    const stoppedAt = calls;
    await sleep(50);
    assert.equal(calls, stoppedAt);
    assert.ok(calls >= 2);
  });

  it('reports failures as values and keeps polling, more slowly while it fails', async () => {
    const poller = new Poller();
    let calls = 0;
    const seen: Array<PollResult<number>> = [];
    const off = poller.watch(
      'k',
      10,
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('down');
        return calls;
      },
      (result) => seen.push(result),
    );
    await sleep(30);
    assert.equal(calls, 1, 'the retry waits five periods after a failure');
    await sleep(70);
    off();
    assert.equal(seen[0]?.ok, false);
    assert.equal(seen.some((result) => result.ok), true);
  });

  it('polls a key at once on refresh', async () => {
    const poller = new Poller();
    let calls = 0;
    const off = poller.watch('orders:open', 10_000, async () => ++calls, () => undefined);
    await sleep(5);
    poller.refresh('orders:');
    poller.refresh('positions:');
    await sleep(5);
    off();
    assert.equal(calls, 2);
  });

  it('polls again right after an in-flight request when a refresh came during it', async () => {
    const poller = new Poller();
    let calls = 0;
    const seen: number[] = [];
    const off = poller.watch(
      'orders',
      10_000,
      async () => {
        calls += 1;
        await sleep(20);
        return calls * 10;
      },
      (result) => void (result.ok && seen.push(result.value)),
    );
    await sleep(5);
    poller.refresh('orders');
    // Under load the second request may still be in flight after any fixed sleep: wait for its answer.
    for (const deadline = Date.now() + 30_000; seen.length < 2; await sleep(5)) assert.ok(Date.now() < deadline, `answers so far: ${JSON.stringify(seen)} after ${calls} calls`);
    assert.equal(calls, 2, 'the refresh during the first request made a second one');
    off();
    assert.deepEqual(seen, [10, 20]);
  });

  it('never overlaps requests of one key', async () => {
    const poller = new Poller();
    let active = 0;
    let maxActive = 0;
    const off = poller.watch(
      'slow',
      1,
      async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await sleep(15);
        active -= 1;
        return 0;
      },
      () => undefined,
    );
    await sleep(60);
    off();
    assert.equal(maxActive, 1);
  });
});
