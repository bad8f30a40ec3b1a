// One WebSocket client of /v1/stream: parses its frames, keeps its subscriptions, writes through
// its OutboundQueue. Invariants: the user id every own-data subscription listens on is the
// authenticated principal's (set at upgrade), never a client field; an `accountId` must belong to
// that user (else STREAM_FORBIDDEN and nothing is registered); per subscription the client gets
// `subscribed`, then `snapshot` (seq 0), then deltas 1, 2, 3... — deltas that arrive while the
// snapshot is read wait (bounded) and follow it, so nothing is lost between snapshot and stream.
// Deltas are absolute (a quote, a bar, book levels with absolute quantities, an order or position
// after the change), so one that repeats what the snapshot already has is harmless; trades carry
// their tradeId for de-duplication.
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { StreamClientMessageSchema, type StreamErrorCode, type SubscribeMessage } from '@kestrel/shared';
import type { Logger } from 'pino';
import { OutboundQueue, type FlushRequester, type OutboundSocket, type SequencedSubscription } from '../domain/outbound-queue.js';
import { routingKeyOf, type RoutedItem } from '../domain/routing-keys.js';
import type { AccountOwners } from '../hub/account-owners.js';
import type { StreamHub } from '../hub/stream-hub.js';
import { readSnapshot, type RouteReader } from '../snapshots/snapshot-source.js';

const clientMessage = TypeCompiler.Compile(StreamClientMessageSchema);

/** Market kinds: need a symbol (bars also an interval). */
const MARKET_KINDS: ReadonlySet<string> = new Set(['quotes', 'trades', 'book', 'bars']);

/** The authenticated caller of a connection. */
export interface StreamCaller {
  userId: string;
  /** Headers that carry the caller's credential, for snapshot reads. */
  credentialHeaders: Record<string, string>;
}

/** The socket surface a connection uses. */
export interface StreamSocket extends OutboundSocket {
  close(code: number, reason: string): void;
}

/** What every connection shares. */
export interface ConnectionContext {
  hub: StreamHub;
  owners: AccountOwners;
  reader: RouteReader;
  logger: Logger;
  maxSubscriptions: number;
  maxQueued: number;
  highWaterBytes: number;
  /** Flushes every connection's queue once per event-loop turn. */
  flusher: FlushRequester;
  onSlowConsumer: () => void;
}

interface Subscription extends SequencedSubscription {
  readonly request: SubscribeMessage;
  /** Deltas received before the snapshot was written. */
  early: { item: RoutedItem; bytes: Uint8Array }[] | null;
  unlisten: () => void;
}

/** One client connection. */
export class StreamConnection {
  readonly #socket: StreamSocket;
  readonly #caller: StreamCaller;
  readonly #context: ConnectionContext;
  readonly #subscriptions = new Map<string, Subscription>();
  readonly queue: OutboundQueue;
  #closed = false;

  constructor(socket: StreamSocket, caller: StreamCaller, context: ConnectionContext) {
    this.#socket = socket;
    this.#caller = caller;
    this.#context = context;
    this.queue = new OutboundQueue(socket, {
      highWaterBytes: context.highWaterBytes,
      maxQueued: context.maxQueued,
      flusher: context.flusher,
      onOverflow: () => this.#slowConsumer(),
    });
  }

  /** Handles one text frame from the client. */
  async receive(text: string): Promise<void> {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.#error('STREAM_MESSAGE_INVALID', 'The frame is not JSON');
      return;
    }
    if (!clientMessage.Check(message)) {
      const first = clientMessage.Errors(message).First();
      this.#error('STREAM_MESSAGE_INVALID', first ? `${first.path || '/'}: ${first.message}` : 'The message does not match the protocol', idOf(message));
      return;
    }
    switch (message.type) {
      case 'ping':
        this.queue.control(JSON.stringify({ type: 'pong', ...(message.nonce === undefined ? {} : { nonce: message.nonce }) }));
        return;
      case 'unsubscribe':
        this.#unsubscribe(message.id);
        return;
      case 'subscribe':
        await this.#subscribe(message);
        return;
    }
  }

  /** Drops every subscription; called once the socket closed. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const subscription of this.#subscriptions.values()) this.#drop(subscription);
    this.#subscriptions.clear();
    this.queue.close();
  }

  async #subscribe(request: SubscribeMessage): Promise<void> {
    const { id } = request;
    if (this.#subscriptions.has(id)) return this.#error('STREAM_SUBSCRIPTION_EXISTS', `Subscription ${id} already exists`, id);
    if (this.#subscriptions.size >= this.#context.maxSubscriptions) {
      return this.#error('STREAM_TOO_MANY_SUBSCRIPTIONS', `At most ${this.#context.maxSubscriptions} subscriptions per connection`, id);
    }
    if (MARKET_KINDS.has(request.channel) && request.symbol === undefined) return this.#error('STREAM_MESSAGE_INVALID', `${request.channel} needs a symbol`, id);
    if (request.channel === 'bars' && request.interval === undefined) return this.#error('STREAM_MESSAGE_INVALID', 'bars needs an interval', id);
    if (request.accountId !== undefined && request.channel !== 'orders' && request.channel !== 'positions') {
      return this.#error('STREAM_MESSAGE_INVALID', 'accountId applies to orders and positions only', id);
    }
    const subscription: Subscription = { id, request, nextSeq: 1, active: true, early: [], unlisten: () => undefined };
    // Reserve the id before any await so a duplicate sent meanwhile is refused.
    this.#subscriptions.set(id, subscription);
    if (request.accountId !== undefined) {
      let owner: string | null;
      try {
        owner = await this.#context.owners.ownerOf(request.accountId);
      } catch (error) {
        this.#context.logger.warn({ err: error }, 'account ownership lookup failed');
        owner = null;
      }
      // An unknown account and another user's account are refused alike: existence is not revealed.
      if (owner !== this.#caller.userId) {
        this.#subscriptions.delete(id);
        return this.#error('STREAM_FORBIDDEN', 'This account is not yours', id);
      }
    }
    if (!subscription.active || this.#closed) return;
    const routingKey = routingKeyOf(request.channel, { ...request, userId: this.#caller.userId });
    subscription.unlisten = this.#context.hub.listen(routingKey, (item, bytes) => this.#deliver(subscription, item, bytes));
    this.queue.control(JSON.stringify({ type: 'subscribed', id, channel: request.channel }));
    const snapshot = await readSnapshot(this.#context.reader, request, this.#caller.credentialHeaders);
    if (!subscription.active || this.#closed) return;
    const frame = snapshot.ok
      ? { type: 'snapshot', id, seq: 0, data: snapshot.data }
      : { type: 'snapshot', id, seq: 0, data: null, error: 'STREAM_SNAPSHOT_UNAVAILABLE' };
    this.queue.control(JSON.stringify(frame));
    const early = subscription.early ?? [];
    subscription.early = null;
    for (const { item, bytes } of early) this.queue.delta(subscription, item.conflationKey, item.data, bytes);
  }

  #deliver(subscription: Subscription, item: RoutedItem, bytes: Uint8Array): void {
    const accountId = subscription.request.accountId;
    if (accountId !== undefined && (item.data as { accountId?: unknown }).accountId !== accountId) return;
    if (subscription.early !== null) {
      subscription.early.push({ item, bytes });
      if (subscription.early.length > this.#context.maxQueued) this.#slowConsumer();
      return;
    }
    this.queue.delta(subscription, item.conflationKey, item.data, bytes);
  }

  #unsubscribe(id: string): void {
    const subscription = this.#subscriptions.get(id);
    if (!subscription) return this.#error('STREAM_SUBSCRIPTION_NOT_FOUND', `No subscription ${id}`, id);
    this.#drop(subscription);
    this.#subscriptions.delete(id);
    this.queue.control(JSON.stringify({ type: 'unsubscribed', id }));
  }

  #drop(subscription: Subscription): void {
    subscription.active = false;
    subscription.early = null;
    subscription.unlisten();
  }

  #slowConsumer(): void {
    if (this.#closed) return;
    this.close();
    this.#context.onSlowConsumer();
    this.#socket.close(4008, 'STREAM_SLOW_CONSUMER');
  }

  #error(code: StreamErrorCode, message: string, id?: string): void {
    this.queue.control(JSON.stringify({ type: 'error', code, message, ...(id === undefined ? {} : { id }) }));
  }
}

function idOf(message: unknown): string | undefined {
  const id = (message as { id?: unknown } | null)?.id;
  return typeof id === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(id) ? id : undefined;
}
