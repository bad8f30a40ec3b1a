// The one contract suite both Channels implementations pass (in-process-channels.test.ts and
// redis-channels.test.ts): fan-out to every live subscriber, isolation between channels, order per
// publisher, no replay, unsubscribe, handler failures contained, stable error codes.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Channel, ChannelMessage } from '@kestrel/shared';
import { waitFor } from '../testing/require-test-env.js';
import type { ChannelFailure, Channels } from './channels.js';

/** How the suite builds an isolated Channels instance. */
export interface ChannelsContractTarget {
  createChannels(options: { onFailure: (failure: ChannelFailure) => void }): Promise<Channels>;
  timeoutMs: number;
  /** Quiet period after which no further message is expected. */
  settleMs: number;
}

/** Registers the contract tests for one implementation. */
export function channelsContract(name: string, target: ChannelsContractTarget): void {
  describe(`Channels contract: ${name}`, () => {
    let channels: Channels | undefined;
    let failures: ChannelFailure[] = [];
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    const open = async (): Promise<Channels> => {
      failures = [];
      channels = await target.createChannels({ onFailure: (failure) => failures.push(failure) });
      return channels;
    };
    const collect = async (c: Channels, channel: Channel) => {
      const received: ChannelMessage[] = [];
      const subscription = await c.subscribe(channel, (message) => {
        received.push(message);
      });
      return { received, subscription };
    };

    afterEach(async () => {
      await channels?.close();
      channels = undefined;
    });

    it('fans every message out to every live subscriber of its channel only', async () => {
      const c = await open();
      const first = await collect(c, 'market.ticks');
      const second = await collect(c, 'market.ticks');
      const other = await collect(c, 'system.alerts');
      const before = Date.now();
      await c.publish('market.ticks', { symbol: 'AAPL', priceTicks: 1_910_000, sizeLots: 3 });
      await waitFor(() => first.received.length >= 1 && second.received.length >= 1, target.timeoutMs, 'both subscribers');
      await sleep(target.settleMs);
      for (const received of [first.received, second.received]) {
        assert.equal(received.length, 1);
        assert.equal(received[0]!.channel, 'market.ticks');
        assert.deepEqual(received[0]!.payload, { symbol: 'AAPL', priceTicks: 1_910_000, sizeLots: 3 });
        assert.ok(Date.parse(received[0]!.publishedAt) >= before - 1000, 'publishedAt is the publish time');
      }
      assert.notEqual(first.received[0]!.payload, second.received[0]!.payload, 'each subscriber gets its own copy');
      assert.deepEqual(other.received, []);
    });

    it("keeps one publisher's messages in order", async () => {
      const c = await open();
      const { received } = await collect(c, 'orders.status');
      for (let n = 0; n < 50; n++) await c.publish('orders.status', { n });
      await waitFor(() => received.length >= 50, target.timeoutMs, '50 messages');
      assert.deepEqual(
        received.map((m) => (m.payload as { n: number }).n),
        Array.from({ length: 50 }, (_, n) => n),
      );
    });

    it('does not replay messages published before a subscription, nor deliver after it closed', async () => {
      const c = await open();
      await c.publish('user.notifications', { text: 'nobody is listening' });
      const kept = await collect(c, 'user.notifications');
      const dropped = await collect(c, 'user.notifications');
      await c.publish('user.notifications', { text: 'first' });
      await waitFor(() => kept.received.length >= 1 && dropped.received.length >= 1, target.timeoutMs, 'first message');
      await dropped.subscription.close();
      await c.publish('user.notifications', { text: 'second' });
      await waitFor(() => kept.received.length >= 2, target.timeoutMs, 'second message');
      await sleep(target.settleMs);
      assert.deepEqual(
        kept.received.map((m) => (m.payload as { text: string }).text),
        ['first', 'second'],
      );
      assert.deepEqual(
        dropped.received.map((m) => (m.payload as { text: string }).text),
        ['first'],
      );
    });

    it('contains a throwing handler: others still receive, the failure is reported', async () => {
      const c = await open();
      await c.subscribe('system.alerts', () => {
        throw new Error('broken handler');
      });
      await c.subscribe('system.alerts', async () => {
        throw new Error('broken async handler');
      });
      const healthy = await collect(c, 'system.alerts');
      await c.publish('system.alerts', { level: 'warn' });
      await waitFor(() => healthy.received.length >= 1 && failures.length >= 2, target.timeoutMs, 'delivery and two failures');
      assert.deepEqual(failures.map((f) => f.kind), ['handler', 'handler']);
    });

    it('rejects bad input with stable codes', async () => {
      const c = await open();
      await assert.rejects(c.publish('market.candles' as Channel, {}), { code: 'BUS_UNKNOWN_CHANNEL' });
      await assert.rejects(c.subscribe('nope' as Channel, () => {}), { code: 'BUS_UNKNOWN_CHANNEL' });
      await assert.rejects(c.publish('market.ticks', undefined), { code: 'BUS_INVALID_ENVELOPE' });
      await assert.rejects(c.publish('market.ticks', { big: 1n }), { code: 'BUS_INVALID_ENVELOPE' });
      await c.close();
      await assert.rejects(c.publish('market.ticks', {}), { code: 'BUS_CLOSED' });
      await assert.rejects(c.subscribe('market.ticks', () => {}), { code: 'BUS_CLOSED' });
    });
  });
}
