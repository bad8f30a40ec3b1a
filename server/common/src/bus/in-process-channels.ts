// The in-process Channels of the embedded shape: the same fan-out contract as Redis pub/sub within
// one process. Messages are delivered asynchronously (never inside the publisher's call stack) and
// as decoded copies, exactly like the Redis implementation. Every message published during one
// event-loop turn is delivered in ONE macrotask, in publish order — as a Redis subscriber gets
// every message of one socket read in one turn — so subscribers see a turn's messages together and
// can batch their own work (the stream service writes each socket once per turn); one macrotask
// per message would make every message its own socket write downstream. Known limit: one process only.
import type { Channel } from '@kestrel/shared';
import { busError } from './bus-error.js';
import { assertChannel, decodeChannelMessage, encodeChannelMessage, invokeChannelHandler, logChannelFailure } from './channel-codec.js';
import type { ChannelFailure, ChannelHandler, Channels, ChannelsCommonOptions, ChannelSubscription } from './channels.js';

/** One published message and the handlers that were subscribed when it was published. */
interface Delivery {
  channel: Channel;
  text: string;
  receivers: ChannelHandler[];
}

/** In-memory fan-out over the CHANNELS. */
export class InProcessChannels implements Channels {
  readonly #handlers = new Map<Channel, Set<ChannelHandler>>();
  readonly #onFailure: (failure: ChannelFailure) => void;
  /** Published this turn, delivered together by #deliver. */
  #batch: Delivery[] = [];
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
    this.#batch.push({ channel, text, receivers });
    if (this.#batch.length === 1) setImmediate(this.#deliver);
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
    this.#batch = [];
  }

  /** Delivers the turn's messages; what handlers publish meanwhile goes to the next turn's batch. */
  readonly #deliver = (): void => {
    const batch = this.#batch;
    this.#batch = [];
    for (const { channel, text, receivers } of batch) {
      const live = this.#handlers.get(channel);
      for (const handler of receivers) {
        // A handler unsubscribed since the publish must not get the message.
        if (!live?.has(handler)) continue;
        invokeChannelHandler(handler, decodeChannelMessage(channel, text), this.#onFailure);
      }
    }
  };

  #assertOpen(): void {
    if (this.#closed) throw busError('BUS_CLOSED', 'the channels are closed');
  }
}
