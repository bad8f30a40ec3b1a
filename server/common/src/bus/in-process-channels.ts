// The in-process Channels of the embedded shape: the same fan-out contract as Redis pub/sub within
// one process. Messages are delivered asynchronously (never inside the publisher's call stack) and
// as decoded copies, exactly like the Redis implementation. Known limit: one process only.
import type { Channel } from '@kestrel/shared';
import { busError } from './bus-error.js';
import { assertChannel, decodeChannelMessage, encodeChannelMessage, invokeChannelHandler, logChannelFailure } from './channel-codec.js';
import type { ChannelFailure, ChannelHandler, Channels, ChannelsCommonOptions, ChannelSubscription } from './channels.js';

/** In-memory fan-out over the CHANNELS. */
export class InProcessChannels implements Channels {
  readonly #handlers = new Map<Channel, Set<ChannelHandler>>();
  readonly #onFailure: (failure: ChannelFailure) => void;
  #closed = false;

  constructor(options: ChannelsCommonOptions = {}) {
    this.#onFailure = options.onFailure ?? logChannelFailure;
  }

  async publish(channel: Channel, payload: unknown): Promise<void> {
    this.#assertOpen();
    assertChannel(channel);
    const text = encodeChannelMessage(channel, payload);
    // Snapshot the receivers now: a subscription made after publish must not get this message.
    const receivers = [...(this.#handlers.get(channel) ?? [])];
    if (receivers.length === 0) return;
    setImmediate(() => {
      for (const handler of receivers) {
        if (!this.#handlers.get(channel)?.has(handler)) continue;
        invokeChannelHandler(handler, decodeChannelMessage(channel, text), this.#onFailure);
      }
    });
  }

  async subscribe(channel: Channel, handler: ChannelHandler): Promise<ChannelSubscription> {
    this.#assertOpen();
    assertChannel(channel);
    if (typeof handler !== 'function') throw busError('BUS_INVALID_OPTIONS', 'handler must be a function');
    // Each subscription gets its own wrapper so the same function can be subscribed twice.
    const registered: ChannelHandler = (message) => handler(message);
    const set = this.#handlers.get(channel) ?? new Set<ChannelHandler>();
    set.add(registered);
    this.#handlers.set(channel, set);
    return {
      channel,
      close: async () => {
        this.#handlers.get(channel)?.delete(registered);
      },
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#handlers.clear();
  }

  #assertOpen(): void {
    if (this.#closed) throw busError('BUS_CLOSED', 'the channels are closed');
  }
}
