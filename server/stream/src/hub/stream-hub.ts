// The process-wide fan-out: ONE subscription per source (market.ticks, orders.status,
// user.notifications, system.alerts channels and the positions.updated topic), dispatched to the
// connections' subscriptions by routing key. Why one per process: with Redis channels every
// instance receives every message once and fans it out locally, so instances scale sideways and a
// message published through any instance reaches clients of all of them. Invariants: each item is
// serialised and UTF-8 encoded once however many subscribers it has (listeners share the bytes
// and the data object, and never modify them); dispatch never awaits a socket (listeners only
// append to bounded queues); ownership of own-data items comes from the message (ownerUserId, or
// the account's owner in portfolio_accounts for positions), never from a client. Known limit:
// channels are lossy by design (docs/events.md) — a client recovers by resubscribing (snapshot).
import { randomUUID } from 'node:crypto';
import type { Channels, ChannelSubscription, EventBus, Subscription } from '@kestrel/server-common';
import type { ChannelMessage, MarketTicksMessage, PositionsUpdatedPayload, UserNotification } from '@kestrel/shared';
import type { Logger } from 'pino';
import { routeMarketTicks, type RoutedItem } from '../domain/routing-keys.js';
import type { AccountOwners } from './account-owners.js';

/** Receives one item for its routing key with its data as UTF-8 JSON (shared: never modify); must not block. */
export type ItemListener = (item: RoutedItem, bytes: Uint8Array) => void;

/** What the hub reads from. */
export interface StreamHubOptions {
  channels: Channels;
  bus: EventBus;
  owners: AccountOwners;
  logger: Logger;
  positionsConsumerGroup: string;
  /** Counts delivered items (metrics); called once per item per listener. */
  onDelivered?: (count: number) => void;
}

/** The per-process dispatcher from sources to subscriptions. */
export class StreamHub {
  readonly #listeners = new Map<string, Set<ItemListener>>();
  readonly #options: StreamHubOptions;
  readonly #subscriptions: (ChannelSubscription | Subscription)[] = [];

  constructor(options: StreamHubOptions) {
    this.#options = options;
  }

  /** Subscribes to every source; resolves once messages published afterwards are received. */
  async start(): Promise<void> {
    const { channels, bus } = this.#options;
    this.#subscriptions.push(
      await channels.subscribe('market.ticks', (message) => this.#dispatchAll(routeMarketTicks(message.payload as MarketTicksMessage))),
      await channels.subscribe('orders.status', (message) => this.#dispatchOrder(message)),
      await channels.subscribe('user.notifications', (message) => {
        const notification = message.payload as UserNotification;
        if (typeof notification?.userId === 'string') this.#dispatch({ routingKey: `notifications:${notification.userId}`, conflationKey: null, data: notification });
      }),
      // Alerts are for everyone: each notifications subscriber gets them (see #dispatchAlert).
      await channels.subscribe('system.alerts', (message) => this.#dispatchAlert(message)),
      // Every instance needs every update: one consumer group per process.
      await bus.subscribe('positions.updated', `${this.#options.positionsConsumerGroup}.${randomUUID().slice(0, 8)}`, async (event) => {
        const payload = event.payload as PositionsUpdatedPayload;
        const owner = await this.#options.owners.ownerOf(payload.accountId);
        if (owner !== null) this.#dispatch({ routingKey: `positions:${owner}`, conflationKey: null, data: payload });
      }),
    );
  }

  /** Adds a listener on `routingKey`; returns its removal. */
  listen(routingKey: string, listener: ItemListener): () => void {
    let set = this.#listeners.get(routingKey);
    if (!set) this.#listeners.set(routingKey, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#listeners.get(routingKey) === set) this.#listeners.delete(routingKey);
    };
  }

  /** Stops every source subscription. */
  async close(): Promise<void> {
    await Promise.allSettled(this.#subscriptions.map((subscription) => subscription.close()));
    this.#subscriptions.length = 0;
    this.#listeners.clear();
  }

  #dispatchOrder(message: ChannelMessage): void {
    const payload = message.payload as { ownerUserId?: unknown };
    if (typeof payload?.ownerUserId !== 'string') return;
    this.#dispatch({ routingKey: `orders:${payload.ownerUserId}`, conflationKey: null, data: payload });
  }

  #dispatchAlert(message: ChannelMessage): void {
    const data = { kind: 'system.alert', alert: message.payload };
    const bytes = Buffer.from(JSON.stringify(data));
    let delivered = 0;
    for (const [key, set] of this.#listeners) {
      if (!key.startsWith('notifications:')) continue;
      for (const listener of set) listener({ routingKey: key, conflationKey: null, data }, bytes);
      delivered += set.size;
    }
    this.#options.onDelivered?.(delivered);
  }

  #dispatchAll(items: RoutedItem[]): void {
    for (const item of items) this.#dispatch(item);
  }

  #dispatch(item: RoutedItem): void {
    const set = this.#listeners.get(item.routingKey);
    if (!set || set.size === 0) return;
    const bytes = Buffer.from(JSON.stringify(item.data));
    for (const listener of set) {
      try {
        listener(item, bytes);
      } catch (error) {
        this.#options.logger.warn({ err: error, routingKey: item.routingKey }, 'stream listener failed');
      }
    }
    this.#options.onDelivered?.(set.size);
  }
}
