// Deployments: start/pause/resume/stop a strategy version on an account, and keep the running ones
// running. State lives in PostgreSQL, so a service restart resumes every deployment that was
// running or paused (onReady → resumeAll). The manager owns the bus subscriptions that feed the
// runners: `market.data` (finished bars of each deployment's interval, trades as ticks) and
// `orders.updated` / `orders.executed` (outcomes of the deployments' own orders, matched by account
// and client order id). Invariants: a failing strategy only ever changes its own deployment (status
// `failed`, error recorded); a status change is written before the runner is told; a deployment
// whose credential or instrument cannot be loaded on resume fails with the reason instead of
// retrying forever. Quotes and book snapshots come from the `market.ticks` channel (real-time,
// loss-tolerant: quotes → onTick, books → onBook). Known limit: one process runs all deployments
// (no sharding across replicas).
import { randomUUID } from 'node:crypto';
import type { ChannelSubscription, Subscription } from '@kestrel/server-common';
import {
  OrderExecutedPayloadSchema,
  OrderUpdatedPayloadSchema,
  MarketDataPayloadSchema,
  tradingIssues,
  type ChannelMessage,
  type EventEnvelope,
  type MarketDataPayload,
  type MarketTicksMessage,
  type OrderExecutedPayload,
  type OrderUpdatedPayload,
} from '@kestrel/shared';
import { callerApiKey, mayControl, mayView, type Caller } from '../access.js';
import { call, UpstreamRefused, UpstreamUnavailable, type Credentials } from '../clients/api-client.js';
import { strategyError } from '../errors.js';
import type { ServiceContext } from './context.js';
import { checkParams, strategyVersions, visibleStrategy, workerStrategyOf } from './definitions.js';
import { DeploymentRunner, type DeploymentSpec } from './deployment-runner.js';
import { seal, unseal } from './seal.js';
import type { StrategyRuntimeCode } from '../sandbox/runtime-codes.js';

/** Deployment statuses. */
export type DeploymentStatus = 'running' | 'paused' | 'stopped' | 'failed';

/** What starting a deployment takes. */
export interface StartRequest {
  strategyId: string;
  version?: number;
  accountId: string;
  symbols: string[];
  barInterval: string;
  params?: Record<string, unknown>;
}

interface DeploymentRow {
  id: string;
  owner_user_id: string;
  strategy_id: string;
  version: number;
  account_id: string;
  mode: 'paper' | 'live';
  symbols: string[];
  bar_interval: string;
  params: Record<string, unknown>;
  credential: Buffer;
  status: DeploymentStatus;
  error_code: string | null;
  error_message: string | null;
  order_seq: number;
  started_at: Date;
  stopped_at: Date | null;
  updated_at: Date;
}

/** A deployment as the API shows it. */
export interface DeploymentView {
  id: string;
  ownerUserId: string;
  strategyId: string;
  version: number;
  accountId: string;
  mode: 'paper' | 'live';
  symbols: string[];
  barInterval: string;
  params: Record<string, unknown>;
  status: DeploymentStatus;
  error: { code: string; message: string } | null;
  startedAt: string;
  stoppedAt: string | null;
  updatedAt: string;
}

const viewOf = (row: DeploymentRow): DeploymentView => ({
  id: row.id,
  ownerUserId: row.owner_user_id,
  strategyId: row.strategy_id,
  version: row.version,
  accountId: row.account_id,
  mode: row.mode,
  symbols: row.symbols,
  barInterval: row.bar_interval,
  params: row.params,
  status: row.status,
  error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
  startedAt: row.started_at.toISOString(),
  stoppedAt: row.stopped_at?.toISOString() ?? null,
  updatedAt: row.updated_at.toISOString(),
});

const specOf = (row: DeploymentRow): DeploymentSpec => ({
  id: row.id,
  ownerUserId: row.owner_user_id,
  strategyId: row.strategy_id,
  version: row.version,
  accountId: row.account_id,
  mode: row.mode,
  symbols: row.symbols,
  barInterval: row.bar_interval,
  params: row.params,
  orderSeq: row.order_seq,
});

function upstream(error: unknown): never {
  if (error instanceof UpstreamUnavailable) throw strategyError('STRATEGY_UPSTREAM_UNAVAILABLE', error.message);
  throw error;
}

/** Runs and controls the deployments of this process. */
export class DeploymentManager {
  readonly #context: ServiceContext;
  readonly #runners = new Map<string, DeploymentRunner>();
  readonly #subscriptions: Subscription[] = [];
  #ticks: ChannelSubscription | null = null;

  constructor(context: ServiceContext) {
    this.#context = context;
  }

  /** Joins the consumer groups that feed the runners. */
  async subscribe(): Promise<void> {
    const { bus, config } = this.#context;
    this.#subscriptions.push(await bus.subscribe('market.data', config.marketDataConsumerGroup, async (event) => this.#marketData(event)));
    this.#subscriptions.push(await bus.subscribe(['orders.updated', 'orders.executed'], config.ordersConsumerGroup, async (event) => this.#orderEvent(event)));
    // Quotes and book snapshots are real-time only (not on market.data): the loss-tolerant channel.
    this.#ticks = await this.#context.channels.subscribe('market.ticks', (message) => this.#marketTicks(message));
  }

  /** Starts every deployment stored as running or paused (after a restart). */
  async resumeAll(): Promise<number> {
    const { rows } = await this.#context.db.query<DeploymentRow>("SELECT * FROM strategy_deployments WHERE status IN ('running', 'paused') ORDER BY started_at");
    for (const row of rows) await this.#launch(row);
    return rows.length;
  }

  /** Stops the runners (not the deployments: they resume with the next start) and the consumers. */
  async close(): Promise<void> {
    await Promise.all(this.#subscriptions.map((subscription) => subscription.close()));
    await this.#ticks?.close();
    await Promise.all([...this.#runners.values()].map((runner) => runner.stop()));
    this.#runners.clear();
  }

  /** Starts a deployment for the caller. */
  async start(caller: Caller, credentials: Credentials, request: StartRequest): Promise<DeploymentView> {
    const { db, api, sealKey } = this.#context;
    if (sealKey === null) throw strategyError('STRATEGY_NOT_CONFIGURED', 'KESTREL_STRATEGY_CREDENTIAL_KEY is not set, so no deployment can keep an order credential');
    const strategy = await visibleStrategy(this.#context, caller, request.strategyId);
    if (strategy.ownerUserId !== caller.userId) throw strategyError('STRATEGY_NOT_FOUND', 'no such strategy');
    const [version] = await strategyVersions(this.#context, strategy.id, request.version ?? strategy.latestVersion);
    const params = { ...version!.params, ...request.params };
    checkParams(version!.paramSpecs, params);
    const account = (await call(api, { method: 'GET', path: `/v1/accounts/${encodeURIComponent(request.accountId)}`, credentials }).catch((error: unknown) => {
      // Any refusal (unknown, someone else's, malformed id) reads the same to the caller.
      if (error instanceof UpstreamRefused) throw strategyError('STRATEGY_ACCOUNT_NOT_FOUND', 'no such account');
      return upstream(error);
    })) as { ownerUserId: string };
    if (account.ownerUserId !== caller.userId) throw strategyError('STRATEGY_ACCOUNT_NOT_FOUND', 'no such account');
    for (const symbol of request.symbols) {
      const found = (await call(api, { method: 'GET', path: `/v1/market-data/instruments?symbol=${encodeURIComponent(symbol)}`, credentials }).catch((error: unknown) => {
        if (error instanceof UpstreamRefused) return { instruments: [] };
        return upstream(error);
      })) as { instruments: { symbol: string }[] };
      if (!found.instruments.some((instrument) => instrument.symbol === symbol)) throw strategyError('STRATEGY_INSTRUMENT_NOT_FOUND', `${symbol} is not an instrument`);
    }
    const id = randomUUID();
    let apiKey = callerApiKey(credentials);
    let keyId: string | null = null;
    if (apiKey === null) {
      if (caller.kind !== 'session') throw strategyError('STRATEGY_CREDENTIAL_UNAVAILABLE', 'sign in interactively or call with a trade-scoped API key to start a deployment');
      const minted = (await call(api, {
        method: 'POST',
        path: '/v1/api-keys',
        credentials,
        body: { name: `strategy deployment ${id.slice(0, 8)}`, scopes: ['trade'], expiresInDays: 365 },
      }).catch((error: unknown) => {
        if (error instanceof UpstreamRefused) throw strategyError('STRATEGY_CREDENTIAL_UNAVAILABLE', `the auth service refused to create an API key for the deployment (${error.code ?? error.status})`);
        return upstream(error);
      })) as { key: string; apiKey: { id: string } };
      apiKey = minted.key;
      keyId = minted.apiKey.id;
    }
    const mode = (await this.#isPaper(credentials, request.accountId)) ? 'paper' : 'live';
    const { rows } = await db.query<DeploymentRow>(
      `INSERT INTO strategy_deployments (id, owner_user_id, strategy_id, version, account_id, mode, symbols, bar_interval, params, credential, credential_key_id, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'running') RETURNING *`,
      [id, caller.userId, strategy.id, version!.version, request.accountId, mode, request.symbols, request.barInterval, JSON.stringify(params), seal(sealKey, apiKey), keyId],
    );
    await this.#launch(rows[0]!);
    return this.get(caller, id);
  }

  /** One deployment the caller may see. */
  async get(caller: Caller, id: string): Promise<DeploymentView> {
    return viewOf(await this.#row(caller, id, false));
  }

  /** The caller's deployments (everyone's for risk:read), newest first. */
  async list(caller: Caller, filter: { status?: DeploymentStatus; strategyId?: string }, limit: number): Promise<DeploymentView[]> {
    const { rows } = await this.#context.db.query<DeploymentRow>(
      `SELECT * FROM strategy_deployments WHERE ($1 OR owner_user_id = $2) AND ($3::text IS NULL OR status = $3) AND ($4::uuid IS NULL OR strategy_id = $4)
       ORDER BY started_at DESC, id LIMIT $5`,
      [caller.permissions.has('risk:read'), caller.userId, filter.status ?? null, filter.strategyId ?? null, limit],
    );
    return rows.map(viewOf);
  }

  /** pause / resume / stop. */
  async transition(caller: Caller, id: string, action: 'pause' | 'resume' | 'stop'): Promise<DeploymentView> {
    const row = await this.#row(caller, id, true);
    const allowed: Record<typeof action, DeploymentStatus[]> = { pause: ['running'], resume: ['paused'], stop: ['running', 'paused'] };
    if (!allowed[action].includes(row.status)) throw strategyError('STRATEGY_DEPLOYMENT_STATE', `cannot ${action} a ${row.status} deployment`, { status: row.status });
    const next: DeploymentStatus = action === 'pause' ? 'paused' : action === 'resume' ? 'running' : 'stopped';
    await this.#context.db.query(
      `UPDATE strategy_deployments SET status = $2, updated_at = now(), stopped_at = CASE WHEN $2 = 'stopped' THEN now() ELSE stopped_at END WHERE id = $1`,
      [id, next],
    );
    const runner = this.#runners.get(id);
    if (action === 'pause') runner?.pause();
    else if (action === 'resume') runner?.resume();
    else {
      this.#runners.delete(id);
      await runner?.stop();
    }
    await runner?.record('info', null, `deployment ${next} by ${caller.userId}`);
    return this.get(caller, id);
  }

  /** Live performance: P&L, drawdown, orders and recent errors. */
  async performance(caller: Caller, id: string): Promise<Record<string, unknown>> {
    const row = await this.#row(caller, id, false);
    const { db } = this.#context;
    const runner = this.#runners.get(id);
    const samples = await db.query<{ pnl_minor: string }>('SELECT pnl_minor FROM strategy_deployment_equity WHERE deployment_id = $1 ORDER BY at', [id]);
    let peak = 0;
    let maxDrawdown = 0;
    for (const sample of samples.rows) {
      const value = Number(sample.pnl_minor);
      peak = Math.max(peak, value);
      maxDrawdown = Math.max(maxDrawdown, peak - value);
    }
    const lastSample = samples.rows.length === 0 ? 0 : Number(samples.rows[samples.rows.length - 1]!.pnl_minor);
    const pnl = runner?.pnlMinor() ?? lastSample;
    if (runner !== undefined) {
      // The runner saw every mark; the samples are throttled (and cover the time before a restart).
      const live = runner.drawdown();
      peak = Math.max(peak, live.peakMinor);
      maxDrawdown = Math.max(maxDrawdown, live.maxDrawdownMinor);
    }
    const orders = await db.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM strategy_deployment_orders WHERE deployment_id = $1 GROUP BY status', [id]);
    const fills = await db.query<{ n: string; fees: string | null }>('SELECT count(*) AS n, sum(fee_minor) AS fees FROM strategy_deployment_fills WHERE deployment_id = $1', [id]);
    const errors = await db.query<{ n: string }>("SELECT count(*) AS n FROM strategy_deployment_events WHERE deployment_id = $1 AND level IN ('warn', 'error')", [id]);
    return {
      deploymentId: id,
      status: row.status,
      pnlMinor: pnl,
      currentDrawdownMinor: Math.max(0, Math.max(peak, pnl) - pnl),
      maxDrawdownMinor: Math.max(maxDrawdown, Math.max(peak, pnl) - pnl),
      positions: runner?.positions() ?? {},
      orders: Object.fromEntries(orders.rows.map((entry) => [entry.status, Number(entry.n)])),
      fills: Number(fills.rows[0]!.n),
      feesMinor: Number(fills.rows[0]!.fees ?? 0),
      errors: Number(errors.rows[0]!.n),
      error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    };
  }

  /** The deployment's event log (errors, warnings, lifecycle), newest first. */
  async events(caller: Caller, id: string, limit: number): Promise<{ id: number; level: string; code: string | null; message: string; at: string }[]> {
    await this.#row(caller, id, false);
    const { rows } = await this.#context.db.query<{ id: string; level: string; code: string | null; message: string; at: Date }>(
      'SELECT id, level, code, message, at FROM strategy_deployment_events WHERE deployment_id = $1 ORDER BY id DESC LIMIT $2',
      [id, limit],
    );
    return rows.map((row) => ({ id: Number(row.id), level: row.level, code: row.code, message: row.message, at: row.at.toISOString() }));
  }

  /** The orders the deployment placed, newest first. */
  async orders(caller: Caller, id: string, limit: number): Promise<Record<string, unknown>[]> {
    await this.#row(caller, id, false);
    const { rows } = await this.#context.db.query(
      `SELECT client_order_id, order_id, symbol, side, type, quantity_lots, status, reject_reason, filled_lots, created_at, updated_at
       FROM strategy_deployment_orders WHERE deployment_id = $1 ORDER BY created_at DESC, client_order_id DESC LIMIT $2`,
      [id, limit],
    );
    return rows.map((row: Record<string, unknown>) => ({
      clientOrderId: row.client_order_id,
      orderId: row.order_id,
      symbol: row.symbol,
      side: row.side,
      type: row.type,
      quantityLots: Number(row.quantity_lots),
      status: row.status,
      rejectReason: row.reject_reason,
      filledLots: Number(row.filled_lots),
      createdAt: (row.created_at as Date).toISOString(),
      updatedAt: (row.updated_at as Date).toISOString(),
    }));
  }

  /** True when the account is the current account of one of the caller's paper accounts (simulation service). */
  async #isPaper(credentials: Credentials, accountId: string): Promise<boolean> {
    try {
      const body = (await call(this.#context.api, { method: 'GET', path: '/v1/paper-accounts', credentials })) as { paperAccounts?: { accountId?: string }[] };
      return (body.paperAccounts ?? []).some((paper) => paper.accountId === accountId);
    } catch (error) {
      // No simulation service in this deployment (404), or it refuses the caller: no paper account.
      if (error instanceof UpstreamRefused) return false;
      return upstream(error);
    }
  }

  async #row(caller: Caller, id: string, control: boolean): Promise<DeploymentRow> {
    const { rows } = await this.#context.db.query<DeploymentRow>('SELECT * FROM strategy_deployments WHERE id = $1', [id]);
    const row = rows[0];
    if (row === undefined || !(control ? mayControl(caller, row.owner_user_id) : mayView(caller, row.owner_user_id))) {
      throw strategyError('STRATEGY_DEPLOYMENT_NOT_FOUND', 'no such deployment');
    }
    return row;
  }

  async #fail(id: string, code: string, message: string): Promise<void> {
    this.#runners.delete(id);
    await this.#context.db.query(
      "UPDATE strategy_deployments SET status = 'failed', error_code = $2, error_message = $3, stopped_at = now(), updated_at = now() WHERE id = $1 AND status IN ('running', 'paused')",
      [id, code, message.slice(0, 2000)],
    );
    await this.#context.db.query('INSERT INTO strategy_deployment_events (deployment_id, level, code, message) VALUES ($1, $2, $3, $4)', [id, 'error', code, message.slice(0, 2000)]);
    this.#context.logger.warn({ deploymentId: id, code, reason: message }, 'strategy deployment failed');
  }

  async #launch(row: DeploymentRow): Promise<void> {
    const { sealKey } = this.#context;
    let apiKey: string;
    try {
      if (sealKey === null) throw new Error('no credential key configured');
      apiKey = unseal(sealKey, row.credential);
    } catch (error) {
      await this.#fail(row.id, 'STRATEGY_CREDENTIAL_UNAVAILABLE', `the order credential cannot be opened: ${(error as Error).message}`);
      return;
    }
    const runner = new DeploymentRunner(this.#context, specOf(row), apiKey, {
      onFailure: (failed, failure) => {
        if (this.#runners.get(failed.spec.id) !== failed) return;
        void this.#fail(failed.spec.id, failure.code, failure.message).catch((error: unknown) => this.#context.logger.error({ err: error }, 'recording a deployment failure failed'));
      },
    });
    this.#runners.set(row.id, runner);
    try {
      const { rows } = await this.#context.db.query('SELECT * FROM strategy_versions WHERE strategy_id = $1 AND version = $2', [row.strategy_id, row.version]);
      const version = rows[0] as { kind: 'builtin' | 'source'; builtin: string | null; source: string | null; language: 'typescript' | 'javascript' | null };
      const strategy = await workerStrategyOf({ kind: version.kind, builtin: version.builtin, source: version.source, language: version.language } as Parameters<typeof workerStrategyOf>[0]);
      await runner.launch(strategy, row.status === 'paused');
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      await runner.stop().catch(() => undefined);
      await this.#fail(row.id, typeof code === 'string' ? code : ('STRATEGY_LOAD_FAILED' satisfies StrategyRuntimeCode), `the deployment could not start: ${(error as Error).message}`);
    }
  }

  async #marketData(event: EventEnvelope): Promise<void> {
    if (this.#runners.size === 0 || tradingIssues(MarketDataPayloadSchema, event.payload, 1).length > 0) return;
    const payload = event.payload as MarketDataPayload;
    if (payload.kind === 'bars') {
      for (const bar of payload.bars) {
        if (!bar.final) continue;
        for (const runner of this.#runners.values()) {
          if (runner.spec.barInterval !== bar.interval || !runner.spec.symbols.includes(bar.symbol)) continue;
          runner.bar(runner.marketBar(bar));
        }
      }
    } else if (payload.kind === 'trades') {
      for (const runner of this.#runners.values()) {
        if (!runner.spec.symbols.includes(payload.symbol)) continue;
        for (const trade of payload.trades) runner.tick(trade);
      }
    }
  }

  #marketTicks(message: ChannelMessage): void {
    if (this.#runners.size === 0) return;
    const ticks = message.payload as MarketTicksMessage;
    if (ticks === null || typeof ticks !== 'object' || ticks.replayId !== null || !Array.isArray(ticks.events)) return;
    for (const runner of this.#runners.values()) {
      if (!runner.spec.symbols.includes(ticks.symbol)) continue;
      for (const event of ticks.events) {
        // Trades come from market.data (durable, once); here only what that topic does not carry.
        if (event.kind === 'quote') runner.tick(event);
        else if (event.kind === 'book-snapshot') runner.book(event);
      }
    }
  }

  async #orderEvent(event: EventEnvelope): Promise<void> {
    if (this.#runners.size === 0) return;
    if (event.topic === 'orders.updated') {
      if (tradingIssues(OrderUpdatedPayloadSchema, event.payload, 1).length > 0) return;
      const payload = event.payload as OrderUpdatedPayload;
      if (payload.kind !== 'order') return;
      for (const runner of this.#runners.values()) {
        if (runner.spec.accountId === payload.order.accountId && runner.owns(payload.order.clientOrderId)) await runner.order(payload.order);
      }
      return;
    }
    if (tradingIssues(OrderExecutedPayloadSchema, event.payload, 1).length > 0) return;
    const payload = event.payload as OrderExecutedPayload;
    for (const runner of this.#runners.values()) {
      if (runner.spec.accountId === payload.execution.accountId && runner.owns(payload.execution.clientOrderId)) await runner.fill(payload.execution, payload.instrument);
    }
  }
}
