// A local stand-in for the Binance Spot order API (the one part of a venue test that cannot exist
// here: a broker's live API). It serves the REST endpoints and the user data stream over real HTTP
// and WebSocket on loopback, checks the API key header and every HMAC-SHA256 signature exactly as
// Binance does, and answers with the recorded real-format payloads of
// test/fixtures/binance-spot/messages.json, with the request's own symbol/ids/prices substituted.
// Tests push executionReport frames (real format) and can drop the stream to test reconnects.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const messages = JSON.parse(readFileSync(new URL('../fixtures/binance-spot/messages.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;

/** One REST request the fixture received. */
export interface RecordedRequest {
  method: string;
  path: string;
  params: URLSearchParams;
  signatureValid: boolean;
}

/** An order the fixture accepted. */
export interface FixtureOrder {
  orderId: number;
  symbol: string;
  clientOrderId: string;
  side: string;
  timeInForce: string;
  price: string;
  quantity: string;
  status: string;
}

/** The fixture venue. */
export class BinanceSpotFixture {
  readonly requests: RecordedRequest[] = [];
  readonly orders = new Map<string, FixtureOrder>();
  /** Trades kept for GET /api/v3/myTrades, by order id. */
  readonly trades = new Map<number, { id: number; price: string; qty: string; time: number; isMaker: boolean; commission: string; commissionAsset: string }[]>();
  /** When set, the next POST /api/v3/order is refused with this recorded error body. */
  refuseNextOrder: string | null = null;
  listenKeys = 0;
  readonly #sockets = new Set<WebSocket>();
  readonly #marketSockets = new Set<WebSocket>();
  #nextOrderId = 4293153;
  readonly #server: Server;
  readonly #wss: WebSocketServer;

  private constructor(
    readonly apiKey: string,
    readonly apiSecret: string,
  ) {
    this.#server = createServer((req, res) => this.#handle(req, res));
    this.#wss = new WebSocketServer({ server: this.#server });
    this.#wss.on('connection', (socket, request) => {
      // `/ws/<listenKey>`: a user data stream; `/stream?streams=…`: public market streams.
      const set = request.url?.startsWith('/stream') ? this.#marketSockets : this.#sockets;
      set.add(socket);
      socket.on('close', () => set.delete(socket));
    });
  }

  /** Starts on a free loopback port. */
  static async start(apiKey = 'fixture-api-key', apiSecret = 'fixture-api-secret'): Promise<BinanceSpotFixture> {
    const fixture = new BinanceSpotFixture(apiKey, apiSecret);
    await new Promise<void>((resolve) => fixture.#server.listen(0, '127.0.0.1', resolve));
    return fixture;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  get streamUrl(): string {
    return `ws://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Open user data stream connections. */
  get connections(): number {
    return this.#sockets.size;
  }

  /** Sends an executionReport (the recorded frame with `fields` replaced) to every stream. */
  push(fields: Record<string, unknown>): void {
    const frame = JSON.stringify({ ...messages.executionReport, ...fields });
    for (const socket of this.#sockets) socket.send(frame);
  }

  /**
   * A TRADE report for `order` (and records it for myTrades): `timeMs` is Binance's transaction time
   * (`T`), `commission` the trade's commission (`n`) in `commissionAsset` (`N`).
   */
  trade(order: FixtureOrder, tradeId: number, price: string, quantity: string, cumulative: string, final: boolean, timeMs = 1499405658657, commission = '0.00000000', commissionAsset = 'BNB'): void {
    const list = this.trades.get(order.orderId) ?? [];
    if (!list.some((t) => t.id === tradeId)) list.push({ id: tradeId, price, qty: quantity, time: timeMs, isMaker: false, commission, commissionAsset });
    this.trades.set(order.orderId, list);
    if (final) order.status = 'FILLED';
    this.push({ s: order.symbol, c: order.clientOrderId, S: order.side, f: order.timeInForce, q: order.quantity, p: order.price, i: order.orderId, x: 'TRADE', X: final ? 'FILLED' : 'PARTIALLY_FILLED', l: quantity, z: cumulative, L: price, n: commission, N: commissionAsset, T: timeMs, t: tradeId, m: false, w: !final });
  }

  /** Open public market stream connections. */
  get marketConnections(): number {
    return this.#marketSockets.size;
  }

  /** Sends a partial book depth frame (`<symbol>@depth10@100ms` on the combined stream) with decimal-text levels. */
  depth(venueSymbol: string, bids: [string, string][], asks: [string, string][], lastUpdateId = 160): void {
    const frame = JSON.stringify({ stream: `${venueSymbol.toLowerCase()}@depth10@100ms`, data: { lastUpdateId, bids, asks } });
    for (const socket of this.#marketSockets) socket.send(frame);
  }

  /** Closes every stream connection abruptly (the adapter must reconnect). */
  dropStreams(): void {
    for (const socket of [...this.#sockets, ...this.#marketSockets]) socket.terminate();
  }

  async close(): Promise<void> {
    for (const socket of [...this.#sockets, ...this.#marketSockets]) socket.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(JSON.stringify(body));
    };
    if (req.headers['x-mbx-apikey'] !== this.apiKey) return reply(401, { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' });
    if (url.pathname === '/api/v3/userDataStream') {
      if (req.method === 'POST') {
        this.listenKeys++;
        return reply(200, { listenKey: `pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf${this.listenKeys}` });
      }
      return reply(200, {});
    }
    const raw = url.search.slice(1);
    const at = raw.lastIndexOf('&signature=');
    const signed = at >= 0 ? raw.slice(0, at) : raw;
    const given = Buffer.from(at >= 0 ? raw.slice(at + '&signature='.length) : '', 'utf8');
    const expected = Buffer.from(createHmac('sha256', this.apiSecret).update(signed).digest('hex'), 'utf8');
    const signatureValid = given.length === expected.length && timingSafeEqual(given, expected);
    const params = new URLSearchParams(signed);
    this.requests.push({ method: req.method ?? '', path: url.pathname, params, signatureValid });
    if (!signatureValid) return reply(400, messages.badSignature);
    const symbol = params.get('symbol') ?? '';
    if (url.pathname === '/api/v3/order' && req.method === 'POST') {
      if (this.refuseNextOrder) {
        const body = messages[this.refuseNextOrder];
        this.refuseNextOrder = null;
        return reply(400, body);
      }
      const order: FixtureOrder = {
        orderId: this.#nextOrderId++,
        symbol,
        clientOrderId: params.get('newClientOrderId') ?? '',
        side: params.get('side') ?? '',
        timeInForce: params.get('timeInForce') ?? '',
        price: params.get('price') ?? '',
        quantity: params.get('quantity') ?? '',
        status: 'NEW',
      };
      this.orders.set(order.clientOrderId, order);
      return reply(200, { ...messages.orderAck, symbol, orderId: order.orderId, clientOrderId: order.clientOrderId, transactTime: Date.now() });
    }
    const order = this.orders.get(params.get('origClientOrderId') ?? '');
    if (url.pathname === '/api/v3/order' && req.method === 'DELETE') {
      if (!order || order.status !== 'NEW') return reply(400, messages.unknownOrder);
      order.status = 'CANCELED';
      const cancelId = `cancel${order.orderId}`;
      reply(200, { ...messages.cancelResponse, symbol, origClientOrderId: order.clientOrderId, orderId: order.orderId, clientOrderId: cancelId, price: order.price, origQty: order.quantity, status: 'CANCELED' });
      this.push({ s: symbol, c: cancelId, C: order.clientOrderId, i: order.orderId, x: 'CANCELED', X: 'CANCELED', q: order.quantity, p: order.price });
      return;
    }
    if (url.pathname === '/api/v3/order' && req.method === 'GET') {
      if (!order) return reply(400, { code: -2013, msg: 'Order does not exist.' });
      return reply(200, { ...messages.queryOrder, symbol, orderId: order.orderId, clientOrderId: order.clientOrderId, price: order.price, origQty: order.quantity, status: order.status });
    }
    if (url.pathname === '/api/v3/myTrades') {
      const orderId = Number(params.get('orderId'));
      return reply(200, (this.trades.get(orderId) ?? []).map((t) => ({ ...messages.myTrade, symbol, orderId, id: t.id, price: t.price, qty: t.qty, commission: t.commission, commissionAsset: t.commissionAsset, time: t.time, isMaker: t.isMaker })));
    }
    reply(404, { code: -1100, msg: 'Unknown endpoint' });
  }
}
