// THE INGEST PATH. Every source of market data — the simulation venue, an external adapter, the
// internal HTTP route, a replay — hands events to MarketDataSink.ingest(); it normalises them,
// stores them (PostgreSQL), aggregates live bars and fans out. Steps of one flush:
//   1. normalise (schema, known instrument, book levels) — rejects are reported per event;
//   2. store, in ONE transaction per flush: trades (idempotent), quotes, book snapshots/deltas
//      (plus a full snapshot every bookSnapshotEvery deltas), feed states, and the bar
//      materialiser's work queue (native layout);
//   3. live bars: one BarAggregator per (stream, symbol); bars close by event time;
//   4. fan-out: one `market.ticks` channel message per symbol per flush (events, bars, gaps), and
//      for stored live data a direct (not outboxed) publish to the `market.data` topic: trades
//      batched per symbol and source, finished bars, feed states.
// Why market data skips the outbox: the outbox writes one more row per event and relays it row
// by row — doubling write volume for the busiest data in the system — while its guarantee
// (publish iff committed) is not needed here: PostgreSQL is the record of market history, and a
// consumer that missed events backfills from the history API. So publishing happens after the
// commit, best effort, batched; failures are counted and logged, never fail the ingest. (State
// changes such as instrument definitions do go through the outbox.)
// The `market.data` publish runs behind the flush (in flush order, at most MAX_PENDING_PUBLISHES
// outstanding), so a slow Kafka acknowledgement does not hold up storing the next batch.
// Invariants: events of one ingest call keep their order; what was not stored is not fanned out
// as live data (a failed store rejects the call's promise); a trade already stored is neither
// fanned out nor aggregated again; replayed events (options.replayId) are never stored nor
// published to Kafka, only fanned out with their replay id. Back-pressure: ingest() waits while
// more than maxBufferedEvents are buffered.
import type pg from 'pg';
import type { Logger } from 'pino';
import { createEnvelope, withTransaction, type Channels, type EventBus } from '@kestrel/server-common';
import type {
  BarGap,
  BarInterval,
  EventEnvelope,
  FeedStatusEvent,
  LiveBar,
  MarketDataPayload,
  MarketEvent,
  MarketTicksMessage,
  TradeEvent,
} from '@kestrel/shared';
import { BarAggregator, type BarListener } from '../domain/bar-aggregator.js';
import { BookRecorder } from '../domain/book-recorder.js';
import type { StorageLayout } from '../domain/storage-ddl.js';
import type { PartitionKeeper } from '../store/partition-keeper.js';
import { emptyBatch, ensurePartitionsFor, tradeKey, writeTicks, type TickBatch, type TickWriteResult } from '../store/tick-writer.js';
import type { InstrumentCache } from './instrument-cache.js';
import { normaliseEvents, type IngestRejection } from './normalise.js';
import type { SinkMetrics } from './sink-metrics.js';

/** How one ingest call is treated. */
export interface IngestOptions {
  /** Store the events (default true). Replays pass false: their data is already stored. */
  persist?: boolean;
  /** Marks fanned-out messages as belonging to this replay session (implies persist: false). */
  replayId?: string | null;
}

/** What happened to one ingest call's events. */
export interface IngestResult {
  accepted: number;
  rejected: IngestRejection[];
}

/** The ingest contract other modules program against (the sink implements it). */
export interface MarketDataIngest {
  /** Normalises, stores and fans out `events`; resolves once they are stored and on `market.ticks` (`market.data` follows in order). */
  ingest(events: readonly unknown[], options?: IngestOptions): Promise<IngestResult>;
}

/** What the sink needs. */
export interface SinkOptions {
  pool: pg.Pool;
  layout: StorageLayout;
  partitions: PartitionKeeper;
  instruments: InstrumentCache;
  channels: Channels;
  bus: EventBus;
  logger: Logger;
  metrics?: SinkMetrics;
  flushIntervalMs: number;
  maxBatchEvents: number;
  maxBufferedEvents: number;
  bookSnapshotEvery: number;
  publishTradesToBus: boolean;
}

interface Entry {
  events: MarketEvent[];
  persist: boolean;
  replayId: string | null;
  rejected: IngestRejection[];
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
}

/** Output of the aggregators for one symbol during one flush. */
class BarCollector implements BarListener {
  readonly finals: LiveBar[] = [];
  readonly partials = new Map<BarInterval, LiveBar>();
  readonly gaps: BarGap[] = [];

  bar(bar: LiveBar): void {
    if (bar.final) {
      this.finals.push(bar);
      this.partials.delete(bar.interval);
    } else {
      this.partials.set(bar.interval, bar);
    }
  }

  gap(gap: BarGap): void {
    this.gaps.push(gap);
  }

  bars(): LiveBar[] {
    return [...this.finals, ...this.partials.values()];
  }
}

/** Events of one symbol of one stream within a flush. */
interface SymbolOutput {
  symbol: string;
  replayId: string | null;
  persisted: boolean;
  events: MarketEvent[];
  collector: BarCollector;
  maxTime: number;
}

/** The one ingest path of the market-data service. */
export class MarketDataSink implements MarketDataIngest {
  readonly #options: SinkOptions;
  readonly #recorder: BookRecorder;
  /** Aggregators by stream ('' = live, else the replay id), then by symbol. */
  readonly #aggregators = new Map<string, Map<string, BarAggregator>>();
  #entries: Entry[] = [];
  #buffered = 0;
  #timer: NodeJS.Timeout | null = null;
  #draining: Promise<void> | null = null;
  #drained: (() => void)[] = [];
  #closed = false;
  /** Tail of the admission queue (see ingest). */
  #admission: Promise<void> = Promise.resolve();
  /** Tail of the market.data publishes, which run in flush order behind the flushes. */
  #busTail: Promise<void> = Promise.resolve();
  #busPending = 0;

  constructor(options: SinkOptions) {
    this.#options = options;
    this.#recorder = new BookRecorder(options.bookSnapshotEvery);
  }

  /** Events waiting to be flushed. */
  get buffered(): number {
    return this.#buffered;
  }

  /**
   * Admits `input` behind every earlier call (so calls made in order are stored and fanned out in
   * order, even when one waits for an instrument reload or for buffer space) and resolves once
   * its events are stored and fanned out.
   */
  ingest(input: readonly unknown[], options: IngestOptions = {}): Promise<IngestResult> {
    if (this.#closed) return Promise.reject(new Error('the market-data sink is closed'));
    let settle!: { resolve: (result: IngestResult) => void; reject: (error: unknown) => void };
    const done = new Promise<IngestResult>((resolve, reject) => (settle = { resolve, reject }));
    this.#admission = this.#admission.then(() => this.#admit(input, options, settle)).catch((error: unknown) => settle.reject(error));
    return done;
  }

  async #admit(input: readonly unknown[], options: IngestOptions, settle: { resolve: (result: IngestResult) => void; reject: (error: unknown) => void }): Promise<void> {
    const replayId = options.replayId ?? null;
    const persist = replayId === null && options.persist !== false;
    await this.#resolveUnknownSymbols(input);
    const { events, rejected } = normaliseEvents(input, (symbol) => this.#options.instruments.get(symbol));
    for (const rejection of rejected) this.#options.metrics?.events.inc({ kind: kindOf(input[rejection.index]), outcome: 'rejected' });
    if (events.length === 0) {
      settle.resolve({ accepted: 0, rejected });
      return;
    }
    while (this.#buffered >= this.#options.maxBufferedEvents) await this.#waitForDrain();
    this.#entries.push({ events, persist, replayId, rejected, resolve: settle.resolve, reject: settle.reject });
    this.#buffered += events.length;
    this.#options.metrics?.buffered.set(this.#buffered);
    this.#schedule();
  }

  /** Fans out already-built bars of a replay (bar replays have no trades to aggregate). */
  async publishReplayBars(replayId: string, bars: readonly LiveBar[]): Promise<void> {
    const bySymbol = new Map<string, LiveBar[]>();
    for (const bar of bars) {
      const list = bySymbol.get(bar.symbol);
      if (list) list.push(bar);
      else bySymbol.set(bar.symbol, [bar]);
    }
    for (const [symbol, list] of bySymbol) {
      const message: MarketTicksMessage = { symbol, replayId, events: [], bars: list, gaps: [] };
      await this.#options.channels.publish('market.ticks', message);
    }
  }

  /** The bars still forming for `symbol` in the live stream (or a replay's), finest first: what a new subscriber starts from. */
  openBars(symbol: string, replayId: string | null = null): LiveBar[] {
    return this.#aggregators.get(replayId ?? '')?.get(symbol)?.openBars() ?? [];
  }

  /** Forgets the live aggregators of a finished replay. */
  dropReplay(replayId: string): void {
    this.#aggregators.delete(replayId);
  }

  /** Resolves once everything buffered so far is stored and fanned out. */
  async flush(): Promise<void> {
    await this.#admission;
    while (this.#entries.length > 0 || this.#draining) {
      if (!this.#draining) this.#startDrain();
      await this.#draining;
    }
    await this.#busTail;
  }

  /** Flushes and refuses further events. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.flush();
  }

  async #resolveUnknownSymbols(input: readonly unknown[]): Promise<void> {
    const unknown = new Set<string>();
    for (const value of input) {
      const symbol = (value as { symbol?: unknown } | null)?.symbol;
      if (typeof symbol === 'string' && !this.#options.instruments.get(symbol)) unknown.add(symbol);
    }
    for (const symbol of unknown) await this.#options.instruments.resolve(symbol);
  }

  #schedule(): void {
    if (this.#draining) return;
    if (this.#buffered >= this.#options.maxBatchEvents) {
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      this.#startDrain();
    } else if (!this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        if (!this.#draining) this.#startDrain();
      }, this.#options.flushIntervalMs);
    }
  }

  #startDrain(): void {
    this.#draining = (async () => {
      try {
        while (this.#entries.length > 0) await this.#flushOnce();
      } finally {
        this.#draining = null;
        const waiters = this.#drained;
        this.#drained = [];
        for (const wake of waiters) wake();
      }
    })();
  }

  #waitForDrain(): Promise<void> {
    if (!this.#draining) this.#startDrain();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  /** Takes whole entries up to maxBatchEvents (at least one) and processes them. */
  async #flushOnce(): Promise<void> {
    const started = process.hrtime.bigint();
    const taken: Entry[] = [];
    let count = 0;
    while (this.#entries.length > 0 && (taken.length === 0 || count + this.#entries[0]!.events.length <= this.#options.maxBatchEvents)) {
      const entry = this.#entries.shift()!;
      taken.push(entry);
      count += entry.events.length;
    }
    this.#buffered -= count;
    this.#options.metrics?.buffered.set(this.#buffered);

    const batch = emptyBatch();
    for (const entry of taken) if (entry.persist) this.#addToBatch(batch, entry.events);
    let written: TickWriteResult | null = null;
    let failure: unknown = null;
    if (hasRows(batch)) {
      try {
        written = await this.#store(batch);
      } catch (error) {
        failure = error;
        this.#options.logger.error({ err: error, events: count }, 'market-data sink: storing a batch failed');
      }
    }

    const outputs = new Map<string, SymbolOutput>();
    const unusedStored = written ? new Set(written.storedTrades) : new Set<string>();
    for (const entry of taken) {
      if (entry.persist && failure !== null) {
        for (const event of entry.events) this.#options.metrics?.events.inc({ kind: event.kind, outcome: 'failed' });
        entry.reject(failure);
        continue;
      }
      for (const event of entry.events) {
        if (event.kind === 'trade' && entry.persist) {
          const key = tradeKey(event.symbol, event.source, event.tradeId, event.timeMicros);
          if (!unusedStored.delete(key)) {
            this.#options.metrics?.events.inc({ kind: 'trade', outcome: 'duplicate' });
            continue;
          }
        }
        this.#options.metrics?.events.inc({ kind: event.kind, outcome: 'accepted' });
        this.#route(outputs, entry, event);
      }
    }
    for (const output of outputs.values()) {
      this.#aggregatorFor(output.replayId, output.symbol).advanceTo(output.maxTime, output.collector);
    }
    try {
      await this.#fanOut([...outputs.values()]);
    } catch (error) {
      // Channels never throw for delivery problems; this is a closed transport during shutdown. The data is stored.
      this.#options.metrics?.fanOutFailures.inc({ target: 'market.ticks' });
      this.#options.logger.warn({ err: error }, 'market-data sink: fan-out failed (data is stored)');
    }
    for (const entry of taken) {
      if (!(entry.persist && failure !== null)) entry.resolve({ accepted: entry.events.length, rejected: entry.rejected });
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.#options.metrics?.flushSeconds.observe({ stored: String(written !== null) }, seconds);
  }

  #addToBatch(batch: TickBatch, events: readonly MarketEvent[]): void {
    for (const event of events) {
      switch (event.kind) {
        case 'trade':
          batch.trades.push(event);
          break;
        case 'quote':
          batch.quotes.push(event);
          break;
        case 'book-snapshot':
          this.#recorder.snapshot(event);
          batch.snapshots.push(event);
          break;
        case 'book-delta': {
          batch.deltas.push(event);
          const due = this.#recorder.delta(event);
          if (due) batch.snapshots.push(due);
          break;
        }
        case 'status':
          if (event.state !== 'live') this.#recorder.forget(event.symbol, event.source);
          batch.statuses.push(event);
          break;
      }
    }
  }

  async #store(batch: TickBatch): Promise<TickWriteResult> {
    const { pool, partitions, layout } = this.#options;
    const attempt = async () => {
      await ensurePartitionsFor(partitions, batch);
      return withTransaction(pool, (client) => writeTicks(client, batch, { queueBars: layout === 'native' }));
    };
    try {
      return await attempt();
    } catch (error) {
      // 23514 "no partition of relation found for row": another instance dropped or we never saw it.
      if ((error as { code?: string }).code !== '23514') throw error;
      await partitions.reload();
      return attempt();
    }
  }

  #aggregatorFor(replayId: string | null, symbol: string): BarAggregator {
    const stream = replayId ?? '';
    let bySymbol = this.#aggregators.get(stream);
    if (!bySymbol) this.#aggregators.set(stream, (bySymbol = new Map()));
    let aggregator = bySymbol.get(symbol);
    if (!aggregator) bySymbol.set(symbol, (aggregator = new BarAggregator(symbol)));
    return aggregator;
  }

  #route(outputs: Map<string, SymbolOutput>, entry: Entry, event: MarketEvent): void {
    const key = `${entry.replayId ?? ''}\u0000${event.symbol}`;
    let output = outputs.get(key);
    if (!output) {
      output = { symbol: event.symbol, replayId: entry.replayId, persisted: entry.persist, events: [], collector: new BarCollector(), maxTime: -Infinity };
      outputs.set(key, output);
    }
    output.events.push(event);
    if (event.timeMicros > output.maxTime) output.maxTime = event.timeMicros;
    if (event.kind !== 'trade') return;
    try {
      this.#aggregatorFor(entry.replayId, event.symbol).addTrade(event, output.collector);
    } catch (error) {
      // A bar whose volume would leave the safe-integer range: the trade is stored and fanned out, only its live bar is skipped.
      this.#options.logger.warn({ err: error, symbol: event.symbol, tradeId: event.tradeId }, 'market-data sink: trade left out of the live bars');
    }
  }

  async #fanOut(outputs: readonly SymbolOutput[]): Promise<void> {
    const envelopes: EventEnvelope[] = [];
    for (const output of outputs) {
      const message: MarketTicksMessage = {
        symbol: output.symbol,
        replayId: output.replayId,
        events: output.events,
        bars: output.collector.bars(),
        gaps: output.collector.gaps,
      };
      await this.#options.channels.publish('market.ticks', message);
      if (output.replayId === null && output.persisted) envelopes.push(...this.#topicEvents(output));
    }
    if (envelopes.length === 0) return;
    // Kafka acknowledges in milliseconds (acks=all): publish behind the flush, in order, so the
    // next flush can store meanwhile; wait only when too many publishes are outstanding.
    this.#busPending++;
    this.#busTail = this.#busTail
      .then(() => this.#options.bus.publishBatch(envelopes))
      .catch((error: unknown) => {
        this.#options.metrics?.fanOutFailures.inc({ target: 'market.data' });
        this.#options.logger.warn({ err: error, events: envelopes.length }, 'market-data sink: publishing to market.data failed (data is stored)');
      })
      .finally(() => this.#busPending--);
    if (this.#busPending > MAX_PENDING_PUBLISHES) await this.#busTail;
  }

  #topicEvents(output: SymbolOutput): EventEnvelope[] {
    const payloads: MarketDataPayload[] = [];
    if (this.#options.publishTradesToBus) {
      const bySource = new Map<string, TradeEvent[]>();
      for (const event of output.events) {
        if (event.kind !== 'trade') continue;
        const list = bySource.get(event.source);
        if (list) list.push(event);
        else bySource.set(event.source, [event]);
      }
      for (const [source, trades] of bySource) {
        for (let i = 0; i < trades.length; i += TRADES_PER_EVENT) payloads.push({ kind: 'trades', symbol: output.symbol, source, trades: trades.slice(i, i + TRADES_PER_EVENT) });
      }
    }
    if (output.collector.finals.length > 0) payloads.push({ kind: 'bars', symbol: output.symbol, bars: output.collector.finals });
    for (const event of output.events) {
      if (event.kind === 'status') payloads.push({ kind: 'feed-status', status: event as FeedStatusEvent });
    }
    return payloads.map((payload) => createEnvelope('market.data', output.symbol, payload));
  }
}

/** market.data publishes that may be outstanding before a flush waits for them (back-pressure). */
const MAX_PENDING_PUBLISHES = 8;

/** Trades per `market.data` event at most: keeps each Kafka record well under the broker's default 1 MB limit. */
const TRADES_PER_EVENT = 1000;

function hasRows(batch: TickBatch): boolean {
  return batch.trades.length + batch.quotes.length + batch.snapshots.length + batch.deltas.length + batch.statuses.length > 0;
}

function kindOf(value: unknown): string {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' && ['trade', 'quote', 'book-snapshot', 'book-delta', 'status'].includes(kind) ? kind : 'invalid';
}
