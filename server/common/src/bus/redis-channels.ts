// Channels on Redis pub/sub for the suite shape: every process subscribed to a channel gets every
// message published while it is connected. One connection publishes, a second one (created on the
// first subscribe) is in subscriber mode; a Redis channel is subscribed while at least one local
// handler wants it. Redis channel names are `prefix + channel` so deployments or test runs can share
// a server. Batching: publishes made in one tick leave in one pipeline (auto-pipelining); on the
// subscriber side ioredis emits every message of one socket read synchronously, so all of them
// reach the handlers in the same event-loop turn — the same per-turn batches the in-process
// channels deliver, which is what lets subscribers (the stream service) write once per turn.
// Known limits: Redis pub/sub drops messages for a subscriber that is disconnected or too
// slow (output buffer limit) — by design, these channels are loss-tolerant; ioredis re-subscribes
// after a reconnect.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Channel } from '@kestrel/shared';
import { closeRedis, createRedis } from '../redis/redis.js';
import { busError } from './bus-error.js';
import { assertChannel, decodeChannelMessage, encodeChannelMessage, invokeChannelHandler, logChannelFailure } from './channel-codec.js';
import type { ChannelFailure, ChannelHandler, Channels, ChannelsCommonOptions, ChannelSubscription } from './channels.js';

/** Options of the Redis channels. */
export interface RedisChannelsOptions extends ChannelsCommonOptions {
  /** Redis URL (`redis://host:port/db`). */
  url: string;
  /** Prepended to every channel name on the server. Default `kestrel:`. */
  prefix?: string;
  /** Client name shown by CLIENT LIST. Default `kestrel-channels`. */
  connectionName?: string;
  logger?: Logger;
}

/** Redis pub/sub fan-out over the CHANNELS. */
export class RedisChannels implements Channels {
  readonly #options: RedisChannelsOptions;
  readonly #prefix: string;
  readonly #onFailure: (failure: ChannelFailure) => void;
  readonly #publisher: Redis;
  readonly #handlers = new Map<Channel, Set<ChannelHandler>>();
  #subscriber: Redis | undefined;
  #closed = false;

  constructor(options: RedisChannelsOptions) {
    if (typeof options?.url !== 'string' || !/^rediss?:\/\//.test(options.url)) {
      throw busError('BUS_INVALID_OPTIONS', 'url must be a redis:// or rediss:// URL');
    }
    this.#options = options;
    this.#prefix = options.prefix ?? 'kestrel:';
    this.#onFailure = options.onFailure ?? logChannelFailure;
    this.#publisher = createRedis({
      url: options.url,
      connectionName: `${options.connectionName ?? 'kestrel-channels'}-pub`,
      // A burst of publishes (one market-data batch) leaves in one write instead of one per message.
      autoPipelining: true,
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  async publish(channel: Channel, payload: unknown): Promise<void> {
    this.#assertOpen();
    assertChannel(channel);
    const text = encodeChannelMessage(channel, payload);
    try {
      await this.#publisher.publish(this.#prefix + channel, text);
    } catch (error) {
      this.#onFailure({ kind: 'publish', channel, error });
    }
  }

  async subscribe(channel: Channel, handler: ChannelHandler): Promise<ChannelSubscription> {
    this.#assertOpen();
    assertChannel(channel);
    if (typeof handler !== 'function') throw busError('BUS_INVALID_OPTIONS', 'handler must be a function');
    const subscriber = this.#ensureSubscriber();
    const registered: ChannelHandler = (message) => handler(message);
    let set = this.#handlers.get(channel);
    if (!set) {
      set = new Set();
      this.#handlers.set(channel, set);
    }
    set.add(registered);
    try {
      // SUBSCRIBE is idempotent; awaiting it guarantees the server registered us before we return.
      await subscriber.subscribe(this.#prefix + channel);
    } catch (error) {
      set.delete(registered);
      throw busError('BUS_SUBSCRIBE_FAILED', `subscribing to channel ${channel} failed: ${(error as Error).message}`, error);
    }
    return {
      channel,
      close: async () => {
        const handlers = this.#handlers.get(channel);
        if (!handlers?.delete(registered) || handlers.size > 0 || this.#closed) return;
        this.#handlers.delete(channel);
        await subscriber.unsubscribe(this.#prefix + channel).catch((error: unknown) => {
          this.#onFailure({ kind: 'connection', channel, error });
        });
      },
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#handlers.clear();
    await Promise.all([closeRedis(this.#publisher), this.#subscriber ? closeRedis(this.#subscriber) : undefined]);
  }

  #assertOpen(): void {
    if (this.#closed) throw busError('BUS_CLOSED', 'the channels are closed');
  }

  #ensureSubscriber(): Redis {
    if (this.#subscriber) return this.#subscriber;
    const subscriber = createRedis({
      url: this.#options.url,
      connectionName: `${this.#options.connectionName ?? 'kestrel-channels'}-sub`,
      ...(this.#options.logger ? { logger: this.#options.logger } : {}),
    });
    subscriber.on('message', (redisChannel: string, text: string) => this.#deliver(redisChannel, text));
    this.#subscriber = subscriber;
    return subscriber;
  }

  #deliver(redisChannel: string, text: string): void {
    if (!redisChannel.startsWith(this.#prefix)) return;
    const channel = redisChannel.slice(this.#prefix.length) as Channel;
    const handlers = this.#handlers.get(channel);
    if (!handlers || handlers.size === 0) return;
    for (const handler of [...handlers]) {
      let message;
      try {
        message = decodeChannelMessage(channel, text);
      } catch (error) {
        this.#onFailure({ kind: 'decode', channel, error });
        return;
      }
      invokeChannelHandler(handler, message, this.#onFailure);
    }
  }
}
