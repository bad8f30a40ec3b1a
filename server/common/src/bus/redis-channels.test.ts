// Runs the Channels contract against real Redis (KESTREL_TEST_REDIS_URL from
// scripts/test-services.sh), plus what only Redis has: several processes sharing channels, foreign
// messages on the wire and an unreachable server. Each test uses its own channel prefix.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { ChannelMessage } from '@kestrel/shared';
import { requireTestEnv, waitFor } from '../testing/require-test-env.js';
import type { ChannelFailure } from './channels.js';
import { channelsContract } from './channels-contract.js';
import { RedisChannels } from './redis-channels.js';

const url = () => requireTestEnv('KESTREL_TEST_REDIS_URL');
const prefix = () => `test-${randomUUID()}:`;

channelsContract('redis', {
  createChannels: async (options) => new RedisChannels({ ...options, url: url(), prefix: prefix() }),
  timeoutMs: 30_000,
  settleMs: 100,
});

describe('RedisChannels', () => {
  it('fans out across instances (processes) that share a prefix, and not across prefixes', async () => {
    const shared = prefix();
    const publisher = new RedisChannels({ url: url(), prefix: shared });
    const subscriber = new RedisChannels({ url: url(), prefix: shared });
    const stranger = new RedisChannels({ url: url(), prefix: prefix() });
    try {
      const received: ChannelMessage[] = [];
      const strangerReceived: ChannelMessage[] = [];
      await subscriber.subscribe('orders.status', (message) => {
        received.push(message);
      });
      await stranger.subscribe('orders.status', (message) => {
        strangerReceived.push(message);
      });
      await publisher.publish('orders.status', { orderId: 'o-1', status: 'filled' });
      await waitFor(() => received.length === 1, 30_000, 'the other instance to receive');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(received[0]!.payload, { orderId: 'o-1', status: 'filled' });
      assert.deepEqual(strangerReceived, []);
    } finally {
      await Promise.all([publisher.close(), subscriber.close(), stranger.close()]);
    }
  });

  it('reports a foreign message on the wire as a decode failure and keeps delivering', async () => {
    const p = prefix();
    const failures: ChannelFailure[] = [];
    const channels = new RedisChannels({ url: url(), prefix: p, onFailure: (f) => failures.push(f) });
    const raw = new Redis(url());
    try {
      const received: ChannelMessage[] = [];
      await channels.subscribe('market.ticks', (message) => {
        received.push(message);
      });
      await raw.publish(`${p}market.ticks`, 'not json');
      await raw.publish(`${p}market.ticks`, JSON.stringify({ channel: 'system.alerts', publishedAt: 'x', payload: 1 }));
      await channels.publish('market.ticks', { ok: true });
      await waitFor(() => received.length === 1 && failures.length === 2, 30_000, 'one delivery and two decode failures');
      assert.deepEqual(failures.map((f) => [f.kind, (f.error as { code?: string }).code]), [
        ['decode', 'BUS_INVALID_ENVELOPE'],
        ['decode', 'BUS_INVALID_ENVELOPE'],
      ]);
    } finally {
      raw.disconnect();
      await channels.close();
    }
  });

  it('does not throw at the publisher when Redis is unreachable, and reports the loss', async () => {
    const failures: ChannelFailure[] = [];
    // Port 1 on loopback: nothing listens there, so every connection attempt is refused at once.
    const channels = new RedisChannels({ url: 'redis://127.0.0.1:1', onFailure: (f) => failures.push(f) });
    try {
      await channels.publish('system.alerts', { level: 'error' });
      assert.equal(failures.length, 1);
      assert.equal(failures[0]!.kind, 'publish');
      await assert.rejects(channels.subscribe('system.alerts', () => {}), { code: 'BUS_SUBSCRIBE_FAILED' });
    } finally {
      await channels.close();
    }
  });

  it('rejects a non-Redis URL with BUS_INVALID_OPTIONS', () => {
    assert.throws(() => new RedisChannels({ url: 'http://127.0.0.1:6379' }), { code: 'BUS_INVALID_OPTIONS' });
  });
});
