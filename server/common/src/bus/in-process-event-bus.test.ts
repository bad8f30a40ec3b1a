// Runs the EventBus contract against the in-process bus, plus its own retention rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '../testing/require-test-env.js';
import { createEnvelope } from './envelope.js';
import { eventBusContract } from './event-bus-contract.js';
import { InProcessEventBus } from './in-process-event-bus.js';

eventBusContract('in-process', {
  createBus: async (options) => new InProcessEventBus(options),
  timeoutMs: 30_000,
  settleMs: 30,
});

describe('InProcessEventBus retention', () => {
  it('keeps only the newest retainWithoutGroups events of a topic no group has subscribed to', async () => {
    const bus = new InProcessEventBus({ partitions: 1, retainWithoutGroups: 3 });
    const events = [1, 2, 3, 4, 5].map((n) => createEnvelope('market.data', 'SYM', { n }));
    await bus.publishBatch(events);
    const seen: number[] = [];
    await bus.subscribe('market.data', 'late-group', async (event) => {
      seen.push((event.payload as { n: number }).n);
    });
    await waitFor(() => seen.length >= 3, 30_000, 'the retained events');
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.deepEqual(seen, [3, 4, 5]);
    await bus.close();
  });

  it('keeps events a known group has not acknowledged, even beyond retainWithoutGroups', async () => {
    const bus = new InProcessEventBus({ partitions: 1, retainWithoutGroups: 1 });
    const seen: number[] = [];
    const subscription = await bus.subscribe('market.data', 'slow-group', async (event) => {
      seen.push((event.payload as { n: number }).n);
    });
    await subscription.close();
    await bus.publishBatch([1, 2, 3].map((n) => createEnvelope('market.data', 'SYM', { n })));
    await bus.subscribe('market.data', 'slow-group', async (event) => {
      seen.push((event.payload as { n: number }).n);
    });
    await waitFor(() => seen.length >= 3, 30_000, 'all three events');
    assert.deepEqual(seen, [1, 2, 3]);
    await bus.close();
  });

  it('hands a batch subscription the backlog of a partition at once, at most maxBatch events', async () => {
    const bus = new InProcessEventBus({ partitions: 1 });
    await bus.publishBatch([1, 2, 3, 4, 5, 6, 7].map((n) => createEnvelope('market.data', 'SYM', { n })));
    const batches: number[][] = [];
    await bus.subscribeBatch('market.data', 'batch-group', async (events) => {
      batches.push(events.map((event) => (event.payload as { n: number }).n));
    }, 3);
    await waitFor(() => batches.flat().length >= 7, 30_000, 'all seven events');
    assert.deepEqual(batches, [[1, 2, 3], [4, 5, 6], [7]]);
    await assert.rejects(bus.subscribeBatch('market.data', 'bad', async () => {}, 0), { code: 'BUS_INVALID_OPTIONS' });
    await bus.close();
  });

  it('rejects invalid options with BUS_INVALID_OPTIONS', () => {
    assert.throws(() => new InProcessEventBus({ partitions: 0 }), { code: 'BUS_INVALID_OPTIONS' });
    assert.throws(() => new InProcessEventBus({ retainWithoutGroups: -1 }), { code: 'BUS_INVALID_OPTIONS' });
    assert.throws(() => new InProcessEventBus({ retryInitialMs: 10, retryMaxMs: 5 }), { code: 'BUS_INVALID_OPTIONS' });
  });
});
