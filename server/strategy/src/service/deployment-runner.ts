// One running deployment: its sandbox worker, the order credential it acts with, and the link
// between the worker and the platform. Orders the strategy submits are recorded (with the
// deployment's order sequence and a `strategies.signals` event in the same transaction) and then
// placed through the order service's HTTP API with the owner's API key — so ownership, buying
// power and the engine's risk manager apply exactly as to a person's order. Order updates and
// fills from the order events are recorded once (fills by execution id) and handed to the worker.
// Invariants: submissions are placed one at a time in the order the strategy made them; the
// worker never sees a fill twice; a failure of the strategy (throw, loop, memory) reaches
// onFailure once and the runner is then inert. P&L = Σ(sell − buy notional) + position × mark −
// fees, exact in tick-lots per symbol and converted to minor units once (shared tickLotsToMinor).
import { randomUUID } from 'node:crypto';
import { createEnvelope, enqueue } from '@kestrel/server-common';
import { tickLotsToMinor, type BookSnapshotEvent, type Execution, type InstrumentEconomics, type MarketBar, type MarketTick, type NewOrderRequest, type Order, type StrategySignalPayload } from '@kestrel/shared';
import { call, UpstreamRefused, type Credentials } from '../clients/api-client.js';
import type { FromWorker, WorkerData } from '../sandbox/protocol.js';
import { StrategySandbox, type SandboxFailure } from '../sandbox/strategy-sandbox.js';
import type { ServiceContext } from './context.js';

/** The stored deployment fields a runner needs. */
export interface DeploymentSpec {
  id: string;
  ownerUserId: string;
  strategyId: string;
  version: number;
  accountId: string;
  mode: 'paper' | 'live';
  symbols: string[];
  barInterval: string;
  params: Record<string, unknown>;
  orderSeq: number;
}

interface Book {
  economics: InstrumentEconomics;
  lots: bigint;
  /** Σ signed cash flow in tick-lots (sells +, buys −). */
  flowTickLots: bigint;
  feesMinor: bigint;
  markTicks: bigint | null;
}

/** What the runner reports to its manager. */
export interface RunnerEvents {
  onFailure(runner: DeploymentRunner, failure: SandboxFailure): void;
}

const DEFAULT_ECONOMICS = (symbol: string): InstrumentEconomics => ({ symbol, currency: 'USD', tickSize: '0.01', lotSize: 1, contractMultiplier: 1 });

/** A deployment whose strategy is running in a worker. */
export class DeploymentRunner {
  readonly spec: DeploymentSpec;
  readonly #context: ServiceContext;
  readonly #credentials: Credentials;
  readonly #events: RunnerEvents;
  readonly #clientIds = new Set<string>();
  readonly #orderIds = new Map<string, string>();
  readonly #books = new Map<string, Book>();
  readonly #lastBar = new Map<string, number>();
  #sandbox: StrategySandbox | null = null;
  #placing: Promise<void> = Promise.resolve();
  #started = false;
  #lastSample = 0;
  /** Highest P&L seen and the deepest fall from a peak, updated on every mark or fill (exact, unlike the throttled samples). */
  #peakMinor = 0;
  #maxDrawdownMinor = 0;
  /** Resolves launch()'s wait for the worker's `loaded` (-1: it failed first). */
  #onLoaded: (warmupBars: number) => void = () => undefined;

  constructor(context: ServiceContext, spec: DeploymentSpec, apiKey: string, events: RunnerEvents) {
    this.#context = context;
    this.spec = spec;
    this.#credentials = { 'x-api-key': apiKey };
    this.#events = events;
  }

  /** Loads state, starts the worker, warms it up and calls onStart. */
  async launch(strategy: WorkerData['strategy'], paused: boolean): Promise<void> {
    const { db } = this.#context;
    const spec = this.spec;
    const orders = await db.query<{ client_order_id: string; order_id: string | null }>('SELECT client_order_id, order_id FROM strategy_deployment_orders WHERE deployment_id = $1', [spec.id]);
    for (const row of orders.rows) {
      this.#clientIds.add(row.client_order_id);
      if (row.order_id !== null) this.#orderIds.set(row.client_order_id, row.order_id);
    }
    const instruments = await Promise.all(spec.symbols.map((symbol) => this.#instrument(symbol)));
    for (const economics of instruments) this.#books.set(economics.symbol, { economics, lots: 0n, flowTickLots: 0n, feesMinor: 0n, markTicks: null });
    const fills = await db.query<{ symbol: string; side: string; quantity_lots: string; price_ticks: string; fee_minor: string }>(
      'SELECT symbol, side, quantity_lots, price_ticks, fee_minor FROM strategy_deployment_fills WHERE deployment_id = $1 ORDER BY executed_at, execution_id',
      [spec.id],
    );
    for (const fill of fills.rows) this.#book(fill.symbol, fill.side as 'buy' | 'sell', BigInt(fill.quantity_lots), BigInt(fill.price_ticks), BigInt(fill.fee_minor));
    const account = (await call(this.#context.api, { method: 'GET', path: `/v1/accounts/${spec.accountId}`, credentials: this.#credentials })) as { cashMinor: number };
    const positions = (await call(this.#context.api, { method: 'GET', path: `/v1/positions?accountId=${spec.accountId}&includeFlat=true`, credentials: this.#credentials })) as {
      positions: { symbol: string; quantityLots: number; averagePrice: { numerator: string; denominator: string } | null }[];
    };
    const start: Record<string, { lots: number; averagePriceTicks: number | null }> = {};
    for (const position of positions.positions) {
      if (!spec.symbols.includes(position.symbol)) continue;
      start[position.symbol] = {
        lots: position.quantityLots,
        averagePriceTicks: position.averagePrice === null ? null : Number(position.averagePrice.numerator) / Number(position.averagePrice.denominator),
      };
    }
    const loaded = new Promise<number>((resolve) => {
      this.#onLoaded = resolve;
    });
    this.#sandbox = new StrategySandbox(
      {
        mode: 'run',
        strategy,
        params: spec.params,
        runMode: spec.mode,
        accountId: spec.accountId,
        symbols: spec.symbols,
        instruments: instruments.map((economics) => ({ symbol: economics.symbol, tickSize: economics.tickSize, multiplier: economics.contractMultiplier })),
        tickValueMinor: Object.fromEntries(instruments.map((economics) => [economics.symbol, Number(tickLotsToMinor(economics, 1n))])),
        account: { cashMinor: account.cashMinor, positions: start },
        orderPrefix: `s${spec.id.slice(0, 8)}-`,
        nextOrderSeq: spec.orderSeq + 1,
        seed: 1,
      },
      { memoryMb: this.#context.config.workerMemoryMb, hookTimeoutMs: this.#context.config.hookTimeoutMs },
      {
        onMessage: (message) => this.#onMessage(message),
        onFailure: (failure) => {
          // A strategy that fails while loading must not hold the start request until the timeout.
          this.#onLoaded(-1);
          this.#events.onFailure(this, failure);
        },
      },
    );
    const warmupBars = await Promise.race([loaded, new Promise<number>((resolve) => setTimeout(() => resolve(-1), this.#context.config.hookTimeoutMs * 2 + 10_000).unref())]);
    if (warmupBars < 0 || this.#sandbox.ended) return;
    if (warmupBars > 0) {
      for (const symbol of spec.symbols) {
        const bars = await this.#history(symbol, Math.min(warmupBars, 1000));
        if (bars.length > 0) this.#lastBar.set(symbol, bars[bars.length - 1]!.timestamp);
        this.#sandbox.send({ type: 'warmup', bars });
      }
    }
    this.#sandbox.send({ type: 'start' });
    if (paused) this.#sandbox.send({ type: 'pause' });
    this.#started = true;
  }

  /** True when this deployment placed the order with this client order id. */
  owns(clientOrderId: string): boolean {
    return this.#clientIds.has(clientOrderId);
  }

  /** A finished bar of the deployment's interval (duplicates and older bars are dropped). */
  bar(bar: MarketBar): void {
    if (!this.#started || (this.#lastBar.get(bar.symbol) ?? -Infinity) >= bar.timestamp) return;
    this.#lastBar.set(bar.symbol, bar.timestamp);
    const book = this.#books.get(bar.symbol);
    if (book !== undefined) book.markTicks = BigInt(bar.ticks.close);
    this.#observe();
    this.#sandbox?.send({ type: 'bar', bar });
    void this.#sample();
  }

  /** A live bar (prices in ticks) as the strategy API's MarketBar; bar time = its start, as in the history. */
  marketBar(bar: { symbol: string; startMicros: number; open: number; high: number; low: number; close: number; volumeLots: number }): MarketBar {
    const tickSize = this.#books.get(bar.symbol)?.economics.tickSize ?? '0.01';
    return historyBar(bar.symbol, tickSize, { time: new Date(Math.floor(bar.startMicros / 1000)).toISOString(), open: bar.open, high: bar.high, low: bar.low, close: bar.close, volumeLots: bar.volumeLots, complete: true });
  }

  /** A trade or quote of one of its symbols. */
  tick(tick: MarketTick): void {
    if (!this.#started) return;
    if (tick.kind === 'trade') {
      const book = this.#books.get(tick.symbol);
      if (book !== undefined) book.markTicks = BigInt(tick.priceTicks);
      this.#observe();
    }
    this.#sandbox?.send({ type: 'tick', tick });
  }

  /** A level-2 snapshot of one of its symbols. */
  book(book: BookSnapshotEvent): void {
    if (this.#started) this.#sandbox?.send({ type: 'book', book });
  }

  /** An update of one of its orders (orders.updated). */
  async order(order: Order): Promise<void> {
    await this.#context.db.query(
      `UPDATE strategy_deployment_orders SET order_id = COALESCE(order_id, $3), status = $4, reject_reason = $5, filled_lots = $6, updated_at = now()
       WHERE deployment_id = $1 AND client_order_id = $2`,
      [this.spec.id, order.clientOrderId, order.id, order.status, order.rejectReason, order.filledQuantityLots],
    );
    this.#orderIds.set(order.clientOrderId, order.id);
    this.#sandbox?.send({ type: 'order', order });
  }

  /** A fill of one of its orders (orders.executed); booked and delivered once. */
  async fill(execution: Execution, economics: InstrumentEconomics): Promise<void> {
    const inserted = await this.#context.db.query(
      `INSERT INTO strategy_deployment_fills (execution_id, deployment_id, symbol, side, quantity_lots, price_ticks, economics, fee_minor, executed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (execution_id) DO NOTHING`,
      [execution.id, this.spec.id, execution.symbol, execution.side, execution.quantityLots, execution.priceTicks, JSON.stringify(economics), execution.feeMinor, execution.executedAt],
    );
    if (inserted.rowCount === 0) return;
    if (!this.#books.has(execution.symbol)) this.#books.set(execution.symbol, { economics, lots: 0n, flowTickLots: 0n, feesMinor: 0n, markTicks: null });
    this.#book(execution.symbol, execution.side, BigInt(execution.quantityLots), BigInt(execution.priceTicks), BigInt(execution.feeMinor));
    this.#observe();
    this.#sandbox?.send({ type: 'fill', fill: execution });
    await this.#sample(true);
  }

  /** P&L now: realised + unrealised at the latest mark, minus fees, in minor units. */
  pnlMinor(): number {
    let total = 0n;
    for (const book of this.#books.values()) {
      const mark = book.markTicks ?? 0n;
      total += tickLotsToMinor(book.economics, book.flowTickLots + book.lots * mark) - book.feesMinor;
    }
    return Number(total);
  }

  /** The peak P&L and the largest drawdown seen by this runner, in minor units. */
  drawdown(): { peakMinor: number; maxDrawdownMinor: number } {
    return { peakMinor: this.#peakMinor, maxDrawdownMinor: this.#maxDrawdownMinor };
  }

  #observe(): void {
    const pnl = this.pnlMinor();
    this.#peakMinor = Math.max(this.#peakMinor, pnl);
    this.#maxDrawdownMinor = Math.max(this.#maxDrawdownMinor, this.#peakMinor - pnl);
  }

  /** Positions by symbol (signed lots) from this deployment's own fills. */
  positions(): Record<string, number> {
    return Object.fromEntries([...this.#books].map(([symbol, book]) => [symbol, Number(book.lots)]));
  }

  pause(): void {
    this.#sandbox?.send({ type: 'pause' });
  }

  resume(): void {
    this.#sandbox?.send({ type: 'resume' });
  }

  /** Stops the strategy (onStop, bounded) and waits for orders being placed. */
  async stop(): Promise<void> {
    await this.#sandbox?.stop(Math.min(this.#context.config.hookTimeoutMs, 5_000));
    await this.#placing;
  }

  #book(symbol: string, side: 'buy' | 'sell', lots: bigint, priceTicks: bigint, feeMinor: bigint): void {
    const book = this.#books.get(symbol) ?? { economics: DEFAULT_ECONOMICS(symbol), lots: 0n, flowTickLots: 0n, feesMinor: 0n, markTicks: null };
    this.#books.set(symbol, book);
    const signed = side === 'buy' ? lots : -lots;
    book.lots += signed;
    book.flowTickLots -= signed * priceTicks;
    book.feesMinor += feeMinor;
    book.markTicks = priceTicks;
  }

  async #sample(force = false): Promise<void> {
    const now = Date.now();
    if (!force && now - this.#lastSample < this.#context.config.equitySampleMs) return;
    this.#lastSample = now;
    await this.#context.db
      .query('INSERT INTO strategy_deployment_equity (deployment_id, at, pnl_minor) VALUES ($1, $2, $3) ON CONFLICT (deployment_id, at) DO UPDATE SET pnl_minor = EXCLUDED.pnl_minor', [
        this.spec.id,
        new Date(now),
        this.pnlMinor(),
      ])
      .catch((error: unknown) => this.#context.logger.warn({ err: error, deploymentId: this.spec.id }, 'could not record a P&L sample'));
  }

  #onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'loaded':
        this.#onLoaded(message.warmupBars);
        return;
      case 'submit':
        this.#placing = this.#placing.then(() => this.#place(message.request)).catch((error: unknown) => this.#context.logger.error({ err: error, deploymentId: this.spec.id }, 'placing a strategy order failed'));
        return;
      case 'cancel':
        this.#placing = this.#placing.then(() => this.#cancel(message.clientOrderId)).catch((error: unknown) => this.#context.logger.warn({ err: error, deploymentId: this.spec.id }, 'cancelling a strategy order failed'));
        return;
      case 'log':
        if (message.level === 'warn' || message.level === 'error') void this.record(message.level, null, message.message);
        return;
      default:
        return;
    }
  }

  /** Appends to the deployment's event log. */
  async record(level: 'info' | 'warn' | 'error', code: string | null, message: string): Promise<void> {
    await this.#context.db
      .query('INSERT INTO strategy_deployment_events (deployment_id, level, code, message) VALUES ($1, $2, $3, $4)', [this.spec.id, level, code, message.slice(0, 2000)])
      .catch((error: unknown) => this.#context.logger.warn({ err: error }, 'could not record a deployment event'));
  }

  async #place(request: NewOrderRequest): Promise<void> {
    const spec = this.spec;
    const seq = Number(/-(\d+)$/.exec(request.clientOrderId)?.[1] ?? 0);
    this.#clientIds.add(request.clientOrderId);
    const client = await this.#context.db.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO strategy_deployment_orders (deployment_id, client_order_id, symbol, side, type, quantity_lots, status) VALUES ($1, $2, $3, $4, $5, $6, 'submitting')
         ON CONFLICT DO NOTHING`,
        [spec.id, request.clientOrderId, request.symbol, request.side, request.type, request.quantityLots],
      );
      await client.query('UPDATE strategy_deployments SET order_seq = GREATEST(order_seq, $2), updated_at = now() WHERE id = $1', [spec.id, seq]);
      await enqueue(
        client,
        createEnvelope<StrategySignalPayload>('strategies.signals', spec.accountId, {
          kind: 'order',
          signalId: randomUUID(),
          deploymentId: spec.id,
          strategyId: spec.strategyId,
          version: spec.version,
          accountId: spec.accountId,
          ownerUserId: spec.ownerUserId,
          mode: spec.mode,
          clientOrderId: request.clientOrderId,
          symbol: request.symbol,
          side: request.side,
          type: request.type,
          quantityLots: request.quantityLots,
          limitPriceTicks: request.limitPriceTicks ?? null,
          stopPriceTicks: request.stopPriceTicks ?? null,
        }),
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    const body = Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined));
    try {
      const order = (await call(this.#context.api, { method: 'POST', path: '/v1/orders', credentials: this.#credentials, body })) as Order;
      await this.order(order);
    } catch (error) {
      const reason = error instanceof UpstreamRefused ? `${error.code ?? error.status}: ${error.detail}` : (error as Error).message;
      await this.record('warn', error instanceof UpstreamRefused ? error.code : 'STRATEGY_UPSTREAM_UNAVAILABLE', `order ${request.clientOrderId} was not placed: ${reason}`);
      await this.#context.db.query("UPDATE strategy_deployment_orders SET status = 'rejected', reject_reason = $3, updated_at = now() WHERE deployment_id = $1 AND client_order_id = $2", [
        spec.id,
        request.clientOrderId,
        error instanceof UpstreamRefused ? error.code : 'STRATEGY_UPSTREAM_UNAVAILABLE',
      ]);
      const now = new Date().toISOString();
      this.#sandbox?.send({
        type: 'order',
        order: {
          id: '00000000-0000-4000-8000-000000000000',
          accountId: spec.accountId,
          parentOrderId: null,
          status: 'rejected',
          rejectReason: null,
          filledQuantityLots: 0,
          remainingQuantityLots: 0,
          averageFillPrice: null,
          createdAt: now,
          updatedAt: now,
          ...body,
        } as unknown as Order,
      });
    }
  }

  async #cancel(clientOrderId: string): Promise<void> {
    const orderId = this.#orderIds.get(clientOrderId);
    if (orderId === undefined) return;
    await call(this.#context.api, { method: 'DELETE', path: `/v1/orders/${orderId}`, credentials: this.#credentials });
  }

  async #instrument(symbol: string): Promise<InstrumentEconomics> {
    const body = (await call(this.#context.api, { method: 'GET', path: `/v1/market-data/instruments?symbol=${encodeURIComponent(symbol)}`, credentials: this.#credentials })) as {
      instruments: InstrumentEconomics[];
    };
    const instrument = body.instruments.find((candidate) => candidate.symbol === symbol);
    if (instrument === undefined) throw Object.assign(new Error(`${symbol} is not an instrument of the market-data service`), { code: 'STRATEGY_INSTRUMENT_NOT_FOUND' });
    return { symbol, currency: instrument.currency, tickSize: instrument.tickSize, lotSize: instrument.lotSize, contractMultiplier: instrument.contractMultiplier };
  }

  async #history(symbol: string, count: number): Promise<MarketBar[]> {
    const path = `/v1/market-data/bars?symbol=${encodeURIComponent(symbol)}&interval=${this.spec.barInterval}&order=desc&limit=${count}`;
    const body = (await call(this.#context.api, { method: 'GET', path, credentials: this.#credentials }).catch(() => ({ bars: [] }))) as { bars: HistoryBar[] };
    const tickSize = this.#books.get(symbol)?.economics.tickSize ?? '0.01';
    return body.bars.filter((bar) => bar.complete).reverse().map((bar) => historyBar(symbol, tickSize, bar));
  }
}

/** A bar of the market-data history route. */
export interface HistoryBar {
  time: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volumeLots: number;
  complete: boolean;
}

/** A history bar as the strategy API's MarketBar (prices in ticks and in currency units). */
export function historyBar(symbol: string, tickSize: string, bar: HistoryBar): MarketBar {
  const size = Number(tickSize);
  return {
    symbol,
    timestamp: Date.parse(bar.time),
    open: bar.open * size,
    high: bar.high * size,
    low: bar.low * size,
    close: bar.close * size,
    volume: bar.volumeLots,
    ticks: { open: bar.open, high: bar.high, low: bar.low, close: bar.close },
  };
}
