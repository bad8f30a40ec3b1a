// Binance Spot order API as a VenueAdapter: orders through the signed REST API (`POST/DELETE/GET
// /api/v3/order`, `GET /api/v3/myTrades`; HMAC-SHA256 of the query string with the API secret,
// `X-MBX-APIKEY` header), reports through the user data stream (`POST /api/v3/userDataStream` gives
// a listen key, `<streamUrl>/ws/<listenKey>` carries `executionReport` events, the key is kept alive
// with `PUT` every 30 minutes). Invariants: prices are ticks of the instrument's tick size and
// quantities lots of the configured quantity step, converted from Binance's decimal text exactly
// (venue-decimal.ts); a trade id is reported once per connection lifetime of the adapter (the
// gateway deduplicates persistently); a dropped stream reconnects with back-off and reports
// `status false` until it is back. A fill carries Binance's transaction time (`T`, myTrades `time`)
// as its execution time, the local receive time, and the commission raw (`n`/`N`, myTrades
// `commission`/`commissionAsset`). Symbols configured with a tick size also stream their public
// partial depth to the router (binance-depth-stream.ts). Known limits: only LIMIT orders (the router always sends a limit);
// the user data stream is the listen-key flavour (Binance also offers a WebSocket API
// subscription); rate limits (HTTP 429/418) are reported as failures, not paced; the in-memory
// sets of seen trade ids and ended orders grow with the orders of the process lifetime (the
// persistent deduplication is the gateway's).
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import type { Logger } from 'pino';
import { executionError } from '../errors.js';
import { Backoff } from './backoff.js';
import { BinanceDepthStream } from './binance-depth-stream.js';
import { textOf, unitsOf } from './venue-decimal.js';
import type { VenueAdapter, VenueAdapterEvents, VenueDoneReason, VenueFill, VenueOrder } from './venue-adapter.js';
import type { VenueCommission } from './venue-fee.js';

/** One tradable symbol: Kestrel symbol, Binance symbol and the decimal size of one lot. */
export interface BinanceOrderSymbol {
  symbol: string;
  venueSymbol: string;
  quantityStep: string;
  /** The instrument's tick size: when set, the symbol's public depth is streamed to the router. */
  tickSize?: string;
}

/** What the adapter needs. */
export interface BinanceSpotOrderOptions {
  restUrl: string;
  streamUrl: string;
  apiKey: string;
  apiSecret: string;
  symbols: readonly BinanceOrderSymbol[];
  logger: Logger;
  /** Milliseconds since the epoch for the signed `timestamp` parameter and a fill's local receive time. */
  now?: () => number;
  backoff?: Backoff;
  recvWindowMs?: number;
  keepAliveMs?: number;
  fetch?: typeof fetch;
}

/** The subset of Binance's `executionReport` event the adapter reads. */
interface ExecutionReport {
  e: 'executionReport';
  s: string;
  c: string;
  C: string;
  x: string;
  X: string;
  r: string;
  i: number;
  l: string;
  L: string;
  T: number;
  t: number;
  m: boolean;
  /** Commission of this trade (decimal text) and its asset (null when no trade). */
  n: string;
  N: string | null;
}

/** One Binance trade of one of our orders (from an executionReport or GET /api/v3/myTrades). */
interface BinanceTrade {
  tradeId: string;
  price: string;
  quantity: string;
  /** Binance transaction time, ms since the epoch. */
  timeMs: number;
  maker: boolean;
  commission: VenueCommission | null;
}

const DONE: Record<string, VenueDoneReason> = { CANCELED: 'cancelled', REJECTED: 'rejected', EXPIRED: 'expired', TRADE_PREVENTION: 'expired' };
const FINAL_STATUS: Record<string, VenueDoneReason> = { CANCELED: 'cancelled', REJECTED: 'rejected', EXPIRED: 'expired', EXPIRED_IN_MATCH: 'expired' };

/** The Binance Spot order adapter. */
export class BinanceSpotOrderAdapter implements VenueAdapter {
  readonly symbols: readonly string[];
  readonly #options: BinanceSpotOrderOptions;
  readonly #byKestrel = new Map<string, BinanceOrderSymbol>();
  readonly #byVenue = new Map<string, BinanceOrderSymbol>();
  readonly #listeners: { [K in keyof VenueAdapterEvents]: VenueAdapterEvents[K][] } = { ack: [], fill: [], done: [], depth: [], status: [] };
  readonly #seenTrades = new Set<string>();
  readonly #ended = new Set<string>();
  /** Tick sizes by client order id: reports name the order, the conversion needs its instrument. */
  readonly #tickSizes = new Map<string, string>();
  readonly #backoff: Backoff;
  readonly #fetch: typeof fetch;
  #socket: WebSocket | null = null;
  #listenKey: string | null = null;
  #reconnect: NodeJS.Timeout | null = null;
  #keepAlive: NodeJS.Timeout | null = null;
  #closed = false;
  readonly #depth: BinanceDepthStream | null;

  constructor(options: BinanceSpotOrderOptions) {
    this.#options = options;
    for (const symbol of options.symbols) {
      this.#byKestrel.set(symbol.symbol, symbol);
      this.#byVenue.set(symbol.venueSymbol, symbol);
    }
    this.symbols = options.symbols.map((s) => s.symbol);
    this.#backoff = options.backoff ?? new Backoff(500, 30_000);
    this.#fetch = options.fetch ?? fetch;
    const quoted = options.symbols.flatMap((s) => (s.tickSize ? [{ ...s, tickSize: s.tickSize }] : []));
    this.#depth =
      quoted.length === 0
        ? null
        : new BinanceDepthStream({ streamUrl: options.streamUrl, symbols: quoted, logger: options.logger, backoff: new Backoff(500, 30_000), onDepth: (depth) => this.#emit('depth', depth) });
  }

  on<K extends keyof VenueAdapterEvents>(event: K, listener: VenueAdapterEvents[K]): void {
    this.#listeners[event].push(listener);
  }

  #emit<K extends keyof VenueAdapterEvents>(event: K, ...args: Parameters<VenueAdapterEvents[K]>): void {
    for (const listener of this.#listeners[event]) (listener as (...a: unknown[]) => void)(...args);
  }

  async connect(): Promise<void> {
    this.#closed = false;
    try {
      await this.#open();
    } catch (error) {
      // An unreachable venue must not stop the service: it stays unavailable to the router until the stream is up.
      this.#options.logger.warn({ err: error }, 'Binance user data stream: first connection failed; retrying with back-off');
      this.#emit('status', false);
      this.#scheduleReconnect();
    }
    this.#depth?.start();
    this.#keepAlive = setInterval(() => void this.#keepListenKey(), this.#options.keepAliveMs ?? 30 * 60_000);
    this.#keepAlive.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#reconnect) clearTimeout(this.#reconnect);
    if (this.#keepAlive) clearInterval(this.#keepAlive);
    await this.#depth?.close();
    const socket = this.#socket;
    this.#socket = null;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.terminate();
      });
    }
  }

  async send(order: VenueOrder): Promise<void> {
    const symbol = this.#symbol(order.symbol);
    this.#tickSizes.set(order.clientOrderId, order.tickSize);
    const params = new URLSearchParams({
      symbol: symbol.venueSymbol,
      side: order.side === 'buy' ? 'BUY' : 'SELL',
      type: 'LIMIT',
      timeInForce: order.timeInForce === 'ioc' ? 'IOC' : order.timeInForce === 'fok' ? 'FOK' : 'GTC',
      quantity: textOf(order.quantityLots, symbol.quantityStep),
      price: textOf(order.priceTicks, order.tickSize),
      newClientOrderId: order.clientOrderId,
      newOrderRespType: 'ACK',
    });
    try {
      const answer = (await this.#signed('POST', '/api/v3/order', params)) as { orderId: number; clientOrderId: string };
      this.#emit('ack', { clientOrderId: answer.clientOrderId, venueOrderId: String(answer.orderId) });
    } catch (error) {
      // A refused order never reaches the book: it ends here, with Binance's reason.
      this.#end(order.clientOrderId, 'rejected', (error as Error).message);
    }
  }

  async cancel(clientOrderId: string, symbol: string): Promise<void> {
    const params = new URLSearchParams({ symbol: this.#symbol(symbol).venueSymbol, origClientOrderId: clientOrderId });
    try {
      await this.#signed('DELETE', '/api/v3/order', params);
    } catch (error) {
      // -2011 (unknown order): it already ended (filled or expired); the stream or reconcile says how.
      this.#options.logger.warn({ clientOrderId, err: error }, 'Binance refused a cancel');
    }
  }

  async reconcile(clientOrderId: string, symbol: string, tickSize: string): Promise<void> {
    const venue = this.#symbol(symbol);
    this.#tickSizes.set(clientOrderId, tickSize);
    let order: { orderId: number; status: string };
    try {
      order = (await this.#signed('GET', '/api/v3/order', new URLSearchParams({ symbol: venue.venueSymbol, origClientOrderId: clientOrderId }))) as typeof order;
    } catch (error) {
      // -2013: Binance has no such order — the send never reached it (the process stopped first).
      if (!/: -2013 /.test((error as Error).message)) throw error;
      this.#end(clientOrderId, 'rejected', 'the order never reached Binance (-2013 Order does not exist)');
      return;
    }
    const trades = (await this.#signed('GET', '/api/v3/myTrades', new URLSearchParams({ symbol: venue.venueSymbol, orderId: String(order.orderId) }))) as {
      id: number;
      price: string;
      qty: string;
      commission: string;
      commissionAsset: string | null;
      time: number;
      isMaker: boolean;
    }[];
    for (const trade of trades) {
      const commission = trade.commissionAsset ? { amount: trade.commission, asset: trade.commissionAsset } : null;
      this.#fill(clientOrderId, venue, { tradeId: String(trade.id), price: trade.price, quantity: trade.qty, timeMs: trade.time, maker: trade.isMaker, commission }, tickSize);
    }
    const final = FINAL_STATUS[order.status];
    if (final) this.#end(clientOrderId, final, `order status ${order.status}`);
  }

  #clock(): number {
    return (this.#options.now ?? Date.now)();
  }

  #symbol(symbol: string): BinanceOrderSymbol {
    const found = this.#byKestrel.get(symbol);
    if (!found) throw executionError('EXECUTION_VENUE_UNKNOWN_SYMBOL', `${symbol} is not mapped to a Binance symbol`);
    return found;
  }

  async #signed(method: string, path: string, params: URLSearchParams): Promise<unknown> {
    params.set('recvWindow', String(this.#options.recvWindowMs ?? 5000));
    params.set('timestamp', String(this.#clock()));
    const query = params.toString();
    const signature = createHmac('sha256', this.#options.apiSecret).update(query).digest('hex');
    return this.#request(method, `${path}?${query}&signature=${signature}`);
  }

  async #request(method: string, pathAndQuery: string): Promise<unknown> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.#options.restUrl}${pathAndQuery}`, { method, headers: { 'X-MBX-APIKEY': this.#options.apiKey } });
    } catch (error) {
      throw executionError('EXECUTION_VENUE_REQUEST_FAILED', `Binance ${method} ${pathAndQuery.split('?')[0]}: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) {
      let detail = text.slice(0, 300);
      try {
        const body = JSON.parse(text) as { code?: number; msg?: string };
        if (body.msg !== undefined) detail = `${body.code ?? ''} ${body.msg}`.trim();
      } catch {
        // not JSON: keep the raw text
      }
      throw executionError('EXECUTION_VENUE_REQUEST_FAILED', `Binance HTTP ${response.status}: ${detail}`);
    }
    return JSON.parse(text) as unknown;
  }

  async #open(): Promise<void> {
    const { listenKey } = (await this.#request('POST', '/api/v3/userDataStream')) as { listenKey: string };
    this.#listenKey = listenKey;
    const socket = new WebSocket(`${this.#options.streamUrl}/ws/${listenKey}`);
    this.#socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.on('error', (error) => this.#options.logger.warn({ err: error }, 'Binance user data stream error'));
    socket.on('message', (data) => this.#message(data.toString()));
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#emit('status', false);
      this.#scheduleReconnect();
    });
    this.#backoff.reset();
    this.#emit('status', true);
  }

  #scheduleReconnect(): void {
    if (this.#closed) return;
    const delay = this.#backoff.next();
    this.#reconnect = setTimeout(() => {
      this.#reconnect = null;
      if (this.#closed) return;
      this.#open().catch((error: unknown) => {
        this.#options.logger.warn({ err: error, delay }, 'Binance user data stream reconnect failed');
        this.#scheduleReconnect();
      });
    }, delay);
  }

  async #keepListenKey(): Promise<void> {
    if (!this.#listenKey) return;
    try {
      await this.#request('PUT', `/api/v3/userDataStream?listenKey=${encodeURIComponent(this.#listenKey)}`);
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'Binance listen key keep-alive failed (the stream reconnects with a new key when it drops)');
    }
  }

  #message(text: string): void {
    let report: ExecutionReport;
    try {
      // The WebSocket API subscription wraps events as {subscriptionId, event}; the listen-key stream does not.
      const frame = JSON.parse(text) as ExecutionReport | { event: ExecutionReport };
      report = 'event' in frame ? frame.event : frame;
    } catch {
      this.#options.logger.warn({ text: text.slice(0, 200) }, 'Binance user data stream: not JSON');
      return;
    }
    if (report.e !== 'executionReport') return;
    const venue = this.#byVenue.get(report.s);
    if (!venue) return;
    // On a cancel, `c` is the cancel request's id and `C` the order's own.
    const clientOrderId = report.x === 'CANCELED' && report.C ? report.C : report.c;
    const tickSize = this.#tickSizes.get(clientOrderId);
    if (report.x === 'TRADE') {
      if (!tickSize) return this.#options.logger.warn({ clientOrderId }, 'Binance trade for an order this adapter did not send; ignored');
      const commission = report.N ? { amount: report.n, asset: report.N } : null;
      this.#fill(clientOrderId, venue, { tradeId: String(report.t), price: report.L, quantity: report.l, timeMs: report.T, maker: report.m, commission }, tickSize);
      return;
    }
    const reason = DONE[report.x];
    if (reason) this.#end(clientOrderId, reason, report.r && report.r !== 'NONE' ? report.r : `${report.x} (${report.X})`);
  }

  #fill(clientOrderId: string, venue: BinanceOrderSymbol, trade: BinanceTrade, tickSize: string): void {
    const { tradeId, price, quantity, timeMs, maker, commission } = trade;
    // Binance trade ids are per symbol.
    const venueExecutionId = `${venue.venueSymbol}:${tradeId}`;
    if (this.#seenTrades.has(venueExecutionId)) return;
    try {
      const fill: VenueFill = {
        clientOrderId,
        venueExecutionId,
        priceTicks: unitsOf(price, tickSize, 'price'),
        quantityLots: unitsOf(quantity, venue.quantityStep, 'quantity'),
        // Binance's transaction time (`T` / myTrades `time`, ms): when the trade happened at the venue.
        timestampNs: BigInt(timeMs) * 1_000_000n,
        receivedAtNs: BigInt(Math.trunc(this.#clock())) * 1_000_000n,
        liquidity: maker ? 'maker' : 'taker',
        commission,
      };
      this.#seenTrades.add(venueExecutionId);
      this.#emit('fill', fill);
    } catch (error) {
      this.#options.logger.error({ clientOrderId, venueExecutionId, price, quantity, err: error }, 'Binance fill off the instrument grid; not booked');
    }
  }

  #end(clientOrderId: string, reason: VenueDoneReason, detail: string): void {
    if (this.#ended.has(clientOrderId)) return;
    this.#ended.add(clientOrderId);
    this.#emit('done', { clientOrderId, reason, detail });
  }
}
