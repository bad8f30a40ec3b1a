// Binance spot public market data: one combined-stream connection carrying `<symbol>@trade` and
// `<symbol>@depth@100ms` for each configured symbol, plus REST depth snapshots to sync each local
// book (binance-book-sync.ts). Output goes to the ingest sink as normalised events: trades
// (aggressor from "is the buyer the maker"), book snapshots after each (re)sync, book deltas,
// and status events — `resyncing` until a book is synced and after a sequence gap, `stale` when
// a symbol has been silent for staleAfterMs, `disconnected` when the connection drops, `live`
// once synced and flowing. Reconnects back off exponentially with full jitter; the back-off
// resets once a connection delivers a message. Prices become ticks of the instrument's tick size
// and quantities lots of the configured quantity step, exactly (a value off either grid is
// dropped and counted, and its book resyncs). Known limits: trade ids are not checked for gaps
// (Binance does not document them as consecutive); a connection is replaced when Binance ends
// it (every 24 h), which costs a resync.
import WebSocket from 'ws';
import type { Logger } from 'pino';
import { priceToTicks, type BookLevel, type FeedState, type Instrument, type MarketEvent } from '@kestrel/shared';
import type { Scheduler, TimerHandle } from '../../domain/scheduler.js';
import type { MarketDataIngest } from '../../ingest/market-data-sink.js';
import type { ExponentialBackoff } from '../backoff.js';
import type { AdapterConnectionState, AdapterStatus, MarketDataAdapter } from '../market-data-adapter.js';
import { BinanceBookSync, type DepthDiff } from './binance-book-sync.js';
import { decodeFrame, decodeSnapshot, type BinanceDepthUpdate, type BinanceTrade } from './binance-messages.js';

/** One streamed symbol: the Kestrel symbol, Binance's symbol and the decimal size of one lot. */
export interface BinanceSymbol {
  symbol: string;
  venueSymbol: string;
  quantityStep: string;
}

/** What the adapter needs. */
export interface BinanceAdapterOptions {
  streamUrl: string;
  restUrl: string;
  depthLimit: number;
  symbols: readonly BinanceSymbol[];
  ingest: MarketDataIngest;
  instrumentOf: (symbol: string) => Instrument | undefined;
  logger: Logger;
  scheduler: Scheduler;
  backoff: ExponentialBackoff;
  staleAfterMs: number;
  /** Delay before fetching a snapshot again when it was older than the buffered events. */
  snapshotRetryMs?: number;
  fetch?: typeof fetch;
  source?: string;
}

interface SymbolState {
  config: BinanceSymbol;
  sync: BinanceBookSync;
  feedState: FeedState | null;
  snapshotInFlight: boolean;
  snapshotRetry: TimerHandle | null;
  staleTimer: TimerHandle | null;
}

class OffGrid extends Error {}

/** The Binance spot adapter. */
export class BinanceSpotAdapter implements MarketDataAdapter {
  readonly name = 'binance-spot';
  readonly #options: BinanceAdapterOptions;
  readonly #source: string;
  readonly #symbols = new Map<string, SymbolState>();
  readonly #byStream = new Map<string, SymbolState>();
  #socket: WebSocket | null = null;
  #connection: AdapterConnectionState = 'idle';
  #reconnect: TimerHandle | null = null;
  /** Bumped per connection, so late snapshot replies of an old connection are ignored. */
  #generation = 0;
  #counters = { connects: 0, resyncs: 0, messages: 0, dropped: 0 };

  constructor(options: BinanceAdapterOptions) {
    this.#options = options;
    this.#source = options.source ?? 'binance';
    for (const config of options.symbols) {
      const state: SymbolState = { config, sync: new BinanceBookSync(), feedState: null, snapshotInFlight: false, snapshotRetry: null, staleTimer: null };
      this.#symbols.set(config.symbol, state);
      const lower = config.venueSymbol.toLowerCase();
      this.#byStream.set(`${lower}@trade`, state);
      this.#byStream.set(`${lower}@depth@100ms`, state);
    }
  }

  /** The combined-stream URL. */
  get url(): string {
    const streams = [...this.#byStream.keys()].join('/');
    return `${this.#options.streamUrl.replace(/\/+$/, '')}/stream?streams=${streams}`;
  }

  start(): void {
    if (this.#connection !== 'idle') return;
    this.#connect();
  }

  async stop(): Promise<void> {
    this.#connection = 'stopped';
    this.#generation++;
    this.#reconnect?.cancel();
    for (const state of this.#symbols.values()) this.#clearTimers(state);
    const socket = this.#socket;
    this.#socket = null;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.terminate();
      });
    }
  }

  status(): AdapterStatus {
    const symbols: Record<string, FeedState> = {};
    for (const [symbol, state] of this.#symbols) if (state.feedState) symbols[symbol] = state.feedState;
    return { name: this.name, connection: this.#connection, symbols, ...this.#counters };
  }

  #connect(): void {
    if (this.#connection === 'stopped') return;
    this.#connection = 'connecting';
    const generation = ++this.#generation;
    const socket = new WebSocket(this.url, { handshakeTimeout: 10_000 });
    this.#socket = socket;
    let healthy = false;
    socket.on('open', () => {
      if (generation !== this.#generation) return;
      this.#connection = 'open';
      this.#counters.connects++;
      for (const state of this.#symbols.values()) {
        state.sync.reset();
        this.#setState(state, 'resyncing', 'connected; waiting for depth events and a snapshot');
      }
    });
    socket.on('message', (data, isBinary) => {
      if (generation !== this.#generation || isBinary) return;
      if (!healthy) {
        healthy = true;
        this.#options.backoff.reset();
      }
      this.#onFrame(data.toString(), generation);
    });
    socket.on('error', (error) => this.#options.logger.warn({ err: error, adapter: this.name }, 'binance stream error'));
    socket.on('close', (code) => {
      if (generation !== this.#generation) return;
      this.#socket = null;
      for (const state of this.#symbols.values()) {
        this.#clearTimers(state);
        state.sync.reset();
        state.snapshotInFlight = false;
        this.#setState(state, 'disconnected', `connection closed (${code}); reconnecting`);
      }
      if (this.#connection === 'stopped') return;
      this.#connection = 'backoff';
      const delay = this.#options.backoff.next();
      this.#options.logger.info({ adapter: this.name, code, delayMs: delay }, 'binance stream closed; reconnecting after back-off');
      this.#reconnect = this.#options.scheduler.schedule(delay, () => this.#connect());
    });
  }

  #onFrame(text: string, generation: number): void {
    this.#counters.messages++;
    const frame = decodeFrame(text);
    const state = frame.stream === null ? undefined : this.#byStream.get(frame.stream);
    if (frame.kind === 'other' || !state) {
      this.#counters.dropped++;
      return;
    }
    this.#armStale(state);
    if (frame.kind === 'trade') this.#onTrade(state, frame.message);
    else this.#onDepth(state, frame.message, generation);
  }

  #instrument(state: SymbolState): Instrument {
    const instrument = this.#options.instrumentOf(state.config.symbol);
    if (!instrument) throw new OffGrid(`instrument ${state.config.symbol} is not defined`);
    return instrument;
  }

  #ticks(state: SymbolState, price: string): number {
    try {
      return priceToTicks(price, this.#instrument(state).tickSize);
    } catch (error) {
      throw new OffGrid((error as Error).message);
    }
  }

  #lots(state: SymbolState, quantity: string): number {
    try {
      return priceToTicks(quantity, state.config.quantityStep);
    } catch (error) {
      throw new OffGrid(`quantity ${quantity}: ${(error as Error).message}`);
    }
  }

  #levels(state: SymbolState, levels: readonly (readonly [string, string])[]): BookLevel[] {
    return levels.map(([price, quantity]) => [this.#ticks(state, price), this.#lots(state, quantity)]);
  }

  #onTrade(state: SymbolState, trade: BinanceTrade): void {
    let priceTicks: number;
    let quantityLots: number;
    try {
      priceTicks = this.#ticks(state, trade.p);
      quantityLots = this.#lots(state, trade.q);
    } catch (error) {
      this.#drop(state, error);
      return;
    }
    if (quantityLots === 0) {
      this.#counters.dropped++;
      return;
    }
    this.#emit([
      {
        kind: 'trade',
        symbol: state.config.symbol,
        source: this.#source,
        timeMicros: trade.T * 1000,
        priceTicks,
        quantityLots,
        // `m`: the buyer was the maker, so the seller took liquidity.
        aggressor: trade.m ? 'sell' : 'buy',
        tradeId: String(trade.t),
      },
    ]);
  }

  #onDepth(state: SymbolState, message: BinanceDepthUpdate, generation: number): void {
    let diff: DepthDiff;
    try {
      diff = { firstUpdateId: message.U, finalUpdateId: message.u, timeMicros: message.E * 1000, bids: this.#levels(state, message.b), asks: this.#levels(state, message.a) };
    } catch (error) {
      // A missing diff breaks the chain anyway: start over so the book is rebuilt from a snapshot.
      this.#drop(state, error);
      state.sync.reset();
      this.#setState(state, 'resyncing', `dropped an unusable depth event: ${(error as Error).message}`);
      return;
    }
    const outcome = state.sync.onDiff(diff);
    switch (outcome.kind) {
      case 'buffered':
        if (!state.snapshotInFlight && !state.snapshotRetry) void this.#fetchSnapshot(state, generation);
        return;
      case 'ignored':
        return;
      case 'applied':
        this.#emit([
          { kind: 'book-delta', symbol: state.config.symbol, source: this.#source, timeMicros: diff.timeMicros, bids: diff.bids, asks: diff.asks, updateId: String(diff.finalUpdateId) },
        ]);
        if (state.feedState !== 'live') this.#setState(state, 'live', null);
        return;
      case 'gap':
        this.#counters.resyncs++;
        this.#setState(state, 'resyncing', `sequence gap: book at update ${outcome.bookId}, next event starts at ${outcome.firstUpdateId}`);
        if (!state.snapshotInFlight) void this.#fetchSnapshot(state, generation);
        return;
    }
  }

  async #fetchSnapshot(state: SymbolState, generation: number): Promise<void> {
    state.snapshotInFlight = true;
    state.snapshotRetry = null;
    const fetcher = this.#options.fetch ?? fetch;
    const url = `${this.#options.restUrl.replace(/\/+$/, '')}/api/v3/depth?symbol=${state.config.venueSymbol}&limit=${this.#options.depthLimit}`;
    let body: unknown;
    try {
      const response = await fetcher(url, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = await response.json();
    } catch (error) {
      if (generation !== this.#generation) return;
      state.snapshotInFlight = false;
      this.#options.logger.warn({ err: error, symbol: state.config.symbol }, 'binance depth snapshot failed; retrying');
      this.#retrySnapshot(state, generation, this.#options.backoff.ceiling());
      return;
    }
    if (generation !== this.#generation) return;
    state.snapshotInFlight = false;
    const snapshot = decodeSnapshot(body);
    if (!snapshot) {
      this.#counters.dropped++;
      this.#retrySnapshot(state, generation, this.#options.backoff.ceiling());
      return;
    }
    let bids: BookLevel[];
    let asks: BookLevel[];
    try {
      bids = this.#levels(state, snapshot.bids);
      asks = this.#levels(state, snapshot.asks);
    } catch (error) {
      this.#drop(state, error);
      this.#retrySnapshot(state, generation, this.#options.backoff.ceiling());
      return;
    }
    const outcome = state.sync.onSnapshot({ lastUpdateId: snapshot.lastUpdateId, bids, asks });
    if (outcome.kind === 'too-old') {
      this.#retrySnapshot(state, generation, this.#options.snapshotRetryMs ?? 250);
      return;
    }
    if (outcome.kind === 'gap') {
      this.#counters.resyncs++;
      this.#setState(state, 'resyncing', `buffered events do not continue the snapshot (book ${outcome.bookId}, next ${outcome.firstUpdateId})`);
      this.#retrySnapshot(state, generation, this.#options.snapshotRetryMs ?? 250);
      return;
    }
    this.#emit([
      {
        kind: 'book-snapshot',
        symbol: state.config.symbol,
        source: this.#source,
        timeMicros: this.#options.scheduler.now() * 1000,
        bids: outcome.bids,
        asks: outcome.asks,
        updateId: String(outcome.updateId),
        depthLimit: this.#options.depthLimit,
      },
    ]);
    this.#setState(state, 'live', null);
  }

  #retrySnapshot(state: SymbolState, generation: number, delayMs: number): void {
    state.snapshotRetry?.cancel();
    state.snapshotRetry = this.#options.scheduler.schedule(delayMs, () => {
      state.snapshotRetry = null;
      if (generation === this.#generation && !state.sync.synced) void this.#fetchSnapshot(state, generation);
    });
  }

  #armStale(state: SymbolState): void {
    state.staleTimer?.cancel();
    state.staleTimer = this.#options.scheduler.schedule(this.#options.staleAfterMs, () => {
      state.staleTimer = null;
      if (state.feedState === 'live') this.#setState(state, 'stale', `no message for ${this.#options.staleAfterMs} ms`);
    });
    if (state.feedState === 'stale' && state.sync.synced) this.#setState(state, 'live', null);
  }

  #clearTimers(state: SymbolState): void {
    state.staleTimer?.cancel();
    state.staleTimer = null;
    state.snapshotRetry?.cancel();
    state.snapshotRetry = null;
  }

  #drop(state: SymbolState, error: unknown): void {
    this.#counters.dropped++;
    this.#options.logger.warn({ err: error, symbol: state.config.symbol }, 'binance message dropped');
  }

  #setState(state: SymbolState, feedState: FeedState, reason: string | null): void {
    if (state.feedState === feedState && feedState === 'live') return;
    state.feedState = feedState;
    this.#emit([{ kind: 'status', symbol: state.config.symbol, source: this.#source, timeMicros: this.#options.scheduler.now() * 1000, state: feedState, reason }]);
  }

  #emit(events: MarketEvent[]): void {
    this.#options.ingest.ingest(events).catch((error: unknown) => this.#options.logger.warn({ err: error, adapter: this.name }, 'market-data sink refused adapter events'));
  }
}
