// Runs the Channels contract against the in-process implementation, plus its per-turn batching.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '../testing/require-test-env.js';
import { channelsContract } from './channels-contract.js';
import { InProcessChannels } from './in-process-channels.js';

channelsContract('in-process', {
  createChannels: async (options) => new InProcessChannels(options),
  timeoutMs: 30_000,
  settleMs: 20,
});

describe('InProcessChannels batching', () => {
  it("delivers a turn's messages in one macrotask, in publish order; what a handler publishes follows in the next", async () => {
    const channels = new InProcessChannels();
    const received: number[] = [];
    let deliveredBeforeFirstMicrotask = 0;
    await channels.subscribe('market.ticks', (message) => {
      const n = (message.payload as { n: number }).n;
      received.push(n);
      // Microtasks run once the macrotask that delivers ends: all of the batch must be in by then.
      if (received.length === 1) queueMicrotask(() => (deliveredBeforeFirstMicrotask = received.length));
      if (n === 99) void channels.publish('market.ticks', { n: 100 });
    });
    for (let n = 0; n < 100; n++) void channels.publish('market.ticks', { n });
    assert.deepEqual(received, [], 'never inside the publisher');
    await waitFor(() => received.length === 101, 30_000, '101 messages');
    assert.equal(deliveredBeforeFirstMicrotask, 100);
    assert.deepEqual(received, Array.from({ length: 101 }, (_, n) => n));
    await channels.close();
  });

  it('skips a handler unsubscribed between publish and delivery', async () => {
    const channels = new InProcessChannels();
    const received: unknown[] = [];
    const subscription = await channels.subscribe('system.alerts', (message) => {
      received.push(message.payload);
    });
    void channels.publish('system.alerts', { level: 'warn' });
    await subscription.close();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(received, []);
    await channels.close();
  });
});
