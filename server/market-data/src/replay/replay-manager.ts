// The replay sessions of this process: creates ReplaySessions over stored trades or bars and
// connects them to the ingest sink, which fans their output out on `market.ticks` marked with the
// session id (never stored again, never published to Kafka). Invariants: a session is visible
// only to the user who created it (anyone else gets MARKET_REPLAY_NOT_FOUND, so ids cannot be
// probed); at most maxSessions run at once; a session lives in the process that created it
// (known limit: in a multi-instance deployment, control requests must reach that instance).
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { BarInterval, LiveBar, TradeEvent } from '@kestrel/shared';
import { ReplaySession, checkSpeed, type ReplaySource, type ReplaySpeed, type ReplayStatus } from '../domain/replay-session.js';
import type { Scheduler } from '../domain/scheduler.js';
import type { StorageLayout } from '../domain/storage-ddl.js';
import { marketError } from '../errors.js';
import type { MarketDataSink } from '../ingest/market-data-sink.js';
import { readBars } from '../store/bar-store.js';
import { readTrades } from '../store/history-store.js';

/** What a replay replays. */
export interface ReplaySpec {
  symbol: string;
  kind: 'trades' | 'bars';
  interval: BarInterval | null;
  fromMicros: number;
  toMicros: number;
  speed: ReplaySpeed;
}

/** A session as the API shows it. */
export interface ReplayView extends ReplaySpec, ReplayStatus {
  id: string;
}

interface Held {
  id: string;
  owner: string;
  spec: ReplaySpec;
  session: ReplaySession<TradeEvent> | ReplaySession<LiveBar>;
}

/** What the manager needs. */
export interface ReplayManagerOptions {
  pool: pg.Pool;
  layout: StorageLayout;
  sink: MarketDataSink;
  scheduler: Scheduler;
  maxSessions: number;
  logger: Logger;
}

/** The replay sessions of one process. */
export class ReplayManager {
  readonly #options: ReplayManagerOptions;
  readonly #sessions = new Map<string, Held>();

  constructor(options: ReplayManagerOptions) {
    this.#options = options;
  }

  /** Creates a session (paused unless `play`). */
  create(owner: string, spec: ReplaySpec, play: boolean): ReplayView {
    if (!(spec.toMicros > spec.fromMicros)) throw marketError('MARKET_INVALID_RANGE', 'A replay needs from < to');
    if (spec.kind === 'bars' && spec.interval === null) throw marketError('MARKET_INVALID_RANGE', 'A bar replay needs an interval');
    if (this.#sessions.size >= this.#options.maxSessions) {
      throw marketError('MARKET_REPLAY_LIMIT', `This process already runs ${this.#sessions.size} replay sessions`);
    }
    const id = randomUUID();
    const { pool, layout, sink, scheduler, logger } = this.#options;
    const onError = (error: unknown) => logger.warn({ err: error, replayId: id }, 'market-data: replay paused after an error');
    let session: Held['session'];
    if (spec.kind === 'trades') {
      const source: ReplaySource<TradeEvent> = {
        read: async (range) =>
          (await readTrades(pool, { symbol: spec.symbol, fromMicros: range.fromMicros, toMicros: range.toMicros, after: range.after, limit: range.limit, order: 'asc' })).map(
            (row) => ({ key: row.key, value: row.value }),
          ),
      };
      session = new ReplaySession<TradeEvent>({
        source,
        emit: async (trades) => {
          await sink.ingest(trades, { replayId: id });
        },
        scheduler,
        fromMicros: spec.fromMicros,
        toMicros: spec.toMicros,
        speed: spec.speed,
        onError,
      });
    } else {
      const interval = spec.interval!;
      const source: ReplaySource<LiveBar> = {
        read: async (range) =>
          (
            await readBars(pool, layout, {
              symbol: spec.symbol,
              interval,
              fromMicros: range.fromMicros,
              toMicros: range.toMicros,
              afterMicros: range.after?.timeMicros ?? null,
              limit: range.limit,
              order: 'asc',
            })
          ).map((bar) => ({
            // A bar is emitted when the replay clock reaches its start (the range filters on starts too).
            key: { timeMicros: bar.startMicros, seq: 0 },
            value: {
              symbol: spec.symbol,
              interval,
              startMicros: bar.startMicros,
              open: bar.open,
              high: bar.high,
              low: bar.low,
              close: bar.close,
              volumeLots: bar.volumeLots,
              tradeCount: bar.tradeCount ?? 0,
              vwapNumerator: (bar.vwapNumerator ?? 0n).toString(),
              final: true,
            },
          })),
      };
      session = new ReplaySession<LiveBar>({
        source,
        emit: (bars) => sink.publishReplayBars(id, bars),
        scheduler,
        fromMicros: spec.fromMicros,
        toMicros: spec.toMicros,
        speed: spec.speed,
        onError,
      });
    }
    const held: Held = { id, owner, spec, session };
    this.#sessions.set(id, held);
    if (play) session.play();
    return this.#view(held);
  }

  /** The caller's sessions. */
  list(owner: string): ReplayView[] {
    return [...this.#sessions.values()].filter((held) => held.owner === owner).map((held) => this.#view(held));
  }

  /** One of the caller's sessions. */
  get(owner: string, id: string): ReplayView {
    return this.#view(this.#held(owner, id));
  }

  /** Applies a control action to one of the caller's sessions. */
  control(owner: string, id: string, action: { action: 'play' | 'pause' | 'seek' | 'speed'; timeMicros?: number; speed?: ReplaySpeed }): ReplayView {
    const held = this.#held(owner, id);
    switch (action.action) {
      case 'play':
        held.session.play();
        break;
      case 'pause':
        held.session.pause();
        break;
      case 'seek':
        if (action.timeMicros === undefined) throw marketError('MARKET_INVALID_RANGE', 'seek needs `time`');
        held.session.seek(action.timeMicros);
        break;
      case 'speed':
        if (action.speed === undefined) throw marketError('MARKET_INVALID_RANGE', 'speed needs `speed`');
        held.session.setSpeed(checkSpeed(action.speed));
        held.spec.speed = action.speed;
        break;
    }
    return this.#view(held);
  }

  /** Closes and forgets one of the caller's sessions. */
  delete(owner: string, id: string): void {
    const held = this.#held(owner, id);
    held.session.close();
    this.#sessions.delete(id);
    this.#options.sink.dropReplay(id);
  }

  /** Closes every session (shutdown). */
  closeAll(): void {
    for (const held of this.#sessions.values()) held.session.close();
    this.#sessions.clear();
  }

  #held(owner: string, id: string): Held {
    const held = this.#sessions.get(id);
    if (!held || held.owner !== owner) throw marketError('MARKET_REPLAY_NOT_FOUND', 'No such replay session');
    return held;
  }

  #view(held: Held): ReplayView {
    return { id: held.id, ...held.spec, ...held.session.status() };
  }
}
