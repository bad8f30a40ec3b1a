// Names of the durable event topics (Kafka) and the loss-tolerant real-time channels (Redis pub/sub),
// exactly as fixed in ARCHITECTURE.md, and the payload type of each topic. Every producer and
// consumer imports them from here.
import type { InstrumentUpdatedPayload } from './market-data/instrument-events.js';
import type { MarketDataPayload } from './market-data/market-data-payloads.js';
import type { StrategySignalPayload } from './strategy/signal-payload.js';
import type { ExecutionReportPayload, OrderCommandPayload, OrderUpdatedPayload } from './trading/order-flow.js';
import type { OrderCreatedPayload, OrderExecutedPayload, PositionsUpdatedPayload } from './trading/topic-payloads.js';

/** Durable topics: written through the outbox, keyed by account or symbol, consumed idempotently by event id. */
export const TOPICS = [
  'orders.created',
  'orders.executed',
  'positions.updated',
  'market.data',
  'strategies.signals',
  // The order service <-> execution boundary and the order service's change stream
  // (trading/order-flow.ts, docs/orders.md).
  'orders.commands',
  'orders.reports',
  'orders.updated',
  // Instrument definitions from their owner, the market-data service (market-data/instrument-events.ts).
  'instruments.updated',
] as const;
export type Topic = (typeof TOPICS)[number];

/**
 * The payload type of each durable topic. The trading topics are defined in trading/topic-payloads.ts
 * (with TypeBox schemas in TRADING_TOPIC_SCHEMAS); `market.data` in market-data/market-data-payloads.ts
 * (MarketDataPayloadSchema); `strategies.signals` in strategy/signal-payload.ts (StrategySignalPayloadSchema).
 */
export interface TopicPayloads {
  'orders.created': OrderCreatedPayload;
  'orders.executed': OrderExecutedPayload;
  'positions.updated': PositionsUpdatedPayload;
  'market.data': MarketDataPayload;
  'strategies.signals': StrategySignalPayload;
  'orders.commands': OrderCommandPayload;
  'orders.reports': ExecutionReportPayload;
  'orders.updated': OrderUpdatedPayload;
  'instruments.updated': InstrumentUpdatedPayload;
}

/**
 * Topics whose Kafka log is compacted (the newest event per key is kept forever): reference data a
 * consumer group seen for the first time must still find in full, however old.
 */
export const COMPACTED_TOPICS: readonly Topic[] = ['instruments.updated'];

/** Real-time channels: fan-out only, a subscriber that misses a message recovers from a snapshot. */
export const CHANNELS = ['market.ticks', 'orders.status', 'system.alerts', 'user.notifications'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The envelope every durable event travels in. `id` is globally unique and is the de-duplication key. */
export interface EventEnvelope<T = unknown> {
  id: string;
  topic: Topic;
  /** Partition key: an account id or a symbol, so one key's events stay ordered. */
  key: string;
  /** ISO-8601 time the state change committed. */
  occurredAt: string;
  payload: T;
}

/** An envelope whose payload type follows from its topic. */
export type TopicEvent<T extends Topic> = EventEnvelope<TopicPayloads[T]> & { topic: T };

/** True when `value` names one of the durable topics. */
export function isTopic(value: string): value is Topic {
  return (TOPICS as readonly string[]).includes(value);
}

/** True when `value` names one of the real-time channels. */
export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

/** What a real-time channel subscriber receives. No id and no replay: channels are fan-out only. */
export interface ChannelMessage<T = unknown> {
  channel: Channel;
  /** ISO-8601 time the message was published. */
  publishedAt: string;
  payload: T;
}
