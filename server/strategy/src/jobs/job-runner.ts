// Backtest, optimisation and walk-forward jobs over HTTP: each job is a row (request, status,
// progress, result or error) and, while it runs, one worker thread (job-worker.ts) with a heap cap.
// Data comes from an uploaded CSV or from the market-data service's bar history, read with the
// caller's own credential (so market-data's rules decide what the caller may read).
// Invariants: at most `maxJobsPerUser` queued/running jobs per user (STRATEGY_JOB_LIMIT);
// cancelling terminates the worker and records `cancelled`; the final status is written once
// (completed, failed with the domain's code, or cancelled); jobs interrupted by a restart are
// marked failed (STRATEGY_JOB_INTERRUPTED) at start-up, not silently resumed; a walk-forward's
// combined curve (job-curve-store.ts) is written in the same transaction as its result, so a
// completed walk-forward always has its curve and a cancelled one never gets one.
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { type BarInterval, type OhlcvBar } from '@kestrel/shared';
import { mayView, type Caller } from '../access.js';
import { withTransaction } from '@kestrel/server-common';
import { call, UpstreamRefused, UpstreamUnavailable, type Credentials } from '../clients/api-client.js';
import { strategyError } from '../errors.js';
import type { ServiceContext } from '../service/context.js';
import { checkParams, strategyVersions, visibleStrategy, workerStrategyOf } from '../service/definitions.js';
import type { WorkerStrategy } from '../sandbox/protocol.js';
import { BUILTIN_STRATEGIES } from '../domain/strategies/registry.js';
import { insertCurve, readCurve, type CurvePage, type CurveColumns, type CurveQuery } from './job-curve-store.js';
import type { FromJobWorker, JobData, JobKind, JobSettings, JobWorkerData } from './job-protocol.js';
import type { StrategyRuntimeCode } from '../sandbox/runtime-codes.js';

const ENTRY = new URL('./job-worker.ts', import.meta.url).href;

function bootstrap(): string {
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ENTRY)}); });`;
}

/** Which strategy a job runs. */
export type JobStrategy = { builtin: string } | { strategyId: string; version?: number };

/** Where a job's bars come from. */
export type JobSource =
  | { source: 'history'; symbol: string; interval: BarInterval; from: string; to: string }
  | { source: 'csv'; csv: string; symbol?: string; tickSize?: string };

/** A job request as the routes pass it. */
export interface JobRequest {
  strategy: JobStrategy;
  data: JobSource;
  settings: JobSettings;
  optimise?: JobWorkerData['optimise'];
}

/** A job as the API shows it. */
export interface JobView {
  id: string;
  ownerUserId: string;
  kind: JobKind;
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  progress: { completed: number; total: number };
  request: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  createdAt: string;
  finishedAt: string | null;
}

interface JobRow {
  id: string;
  owner_user_id: string;
  kind: JobKind;
  request: Record<string, unknown>;
  status: JobView['status'];
  completed: number;
  total: number;
  result: Record<string, unknown> | null;
  error_code: string | null;
  error_message: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const viewOf = (row: JobRow): JobView => ({
  id: row.id,
  ownerUserId: row.owner_user_id,
  kind: row.kind,
  status: row.status,
  progress: { completed: row.completed, total: row.total },
  request: row.request,
  result: row.result,
  error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
  createdAt: row.created_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
});

/** Runs the jobs of this process. */
export class JobRunner {
  readonly #context: ServiceContext;
  readonly #workers = new Map<string, Worker>();
  readonly #cancelled = new Set<string>();

  constructor(context: ServiceContext) {
    this.#context = context;
  }

  /** Marks jobs a previous process left unfinished. */
  async recover(): Promise<number> {
    const { rowCount } = await this.#context.db.query(
      "UPDATE strategy_jobs SET status = 'failed', error_code = $1, error_message = 'the service restarted while the job ran', finished_at = now() WHERE status IN ('queued', 'running')",
      ['STRATEGY_JOB_INTERRUPTED' satisfies StrategyRuntimeCode],
    );
    return rowCount ?? 0;
  }

  /** Terminates every running job (they are marked interrupted on the next start). */
  async close(): Promise<void> {
    await Promise.all([...this.#workers.values()].map((worker) => worker.terminate()));
  }

  /** Validates, records and starts a job; returns it queued. */
  async submit(caller: Caller, credentials: Credentials, kind: JobKind, request: JobRequest): Promise<JobView> {
    const { db, config } = this.#context;
    const strategy = await this.#strategy(caller, request.strategy, request.settings.params);
    const { rows: active } = await db.query<{ n: string }>("SELECT count(*) AS n FROM strategy_jobs WHERE owner_user_id = $1 AND status IN ('queued', 'running')", [caller.userId]);
    if (Number(active[0]!.n) >= config.maxJobsPerUser) throw strategyError('STRATEGY_JOB_LIMIT', `you already have ${active[0]!.n} jobs queued or running`);
    const stored = { ...request, data: request.data.source === 'csv' ? { source: 'csv', symbol: request.data.symbol ?? null, bytes: Buffer.byteLength(request.data.csv) } : request.data };
    const id = randomUUID();
    const { rows } = await db.query<JobRow>("INSERT INTO strategy_jobs (id, owner_user_id, kind, request, status) VALUES ($1, $2, $3, $4, 'queued') RETURNING *", [
      id,
      caller.userId,
      kind,
      JSON.stringify(stored),
    ]);
    void this.#run(id, kind, strategy, credentials, request).catch((error: unknown) => this.#context.logger.error({ err: error, jobId: id }, 'strategy job crashed'));
    return viewOf(rows[0]!);
  }

  /** One job the caller may see. */
  async get(caller: Caller, id: string, kind?: JobKind): Promise<JobView> {
    const { rows } = await this.#context.db.query<JobRow>('SELECT * FROM strategy_jobs WHERE id = $1', [id]);
    const row = rows[0];
    if (row === undefined || !mayView(caller, row.owner_user_id) || (kind !== undefined && (kind === 'backtest') !== (row.kind === 'backtest'))) {
      throw strategyError('STRATEGY_JOB_NOT_FOUND', 'no such job');
    }
    return viewOf(row);
  }

  /** The caller's jobs of the given kinds, newest first (results left out). */
  async list(caller: Caller, kinds: JobKind[], limit: number): Promise<JobView[]> {
    const { rows } = await this.#context.db.query<JobRow>(
      'SELECT id, owner_user_id, kind, request, status, completed, total, NULL AS result, error_code, error_message, created_at, finished_at FROM strategy_jobs WHERE owner_user_id = $1 AND kind = ANY($2) ORDER BY created_at DESC, id LIMIT $3',
      [caller.userId, kinds, limit],
    );
    return rows.map(viewOf);
  }

  /** Cancels a queued or running job. */
  async cancel(caller: Caller, id: string, kind: JobKind): Promise<JobView> {
    const job = await this.get(caller, id, kind);
    if (job.ownerUserId !== caller.userId) throw strategyError('STRATEGY_JOB_NOT_FOUND', 'no such job');
    if (job.status !== 'queued' && job.status !== 'running') throw strategyError('STRATEGY_JOB_FINISHED', `the job is already ${job.status}`, { status: job.status });
    this.#cancelled.add(id);
    await this.#finish(id, 'cancelled', null, null);
    await this.#workers.get(id)?.terminate();
    return this.get(caller, id);
  }

  /** A range of a completed walk-forward's combined out-of-sample curve. */
  async curve(caller: Caller, id: string, query: CurveQuery): Promise<CurvePage> {
    const job = await this.get(caller, id, 'walk-forward');
    if (job.kind !== 'walk-forward') throw strategyError('STRATEGY_CURVE_UNAVAILABLE', `the job is an ${job.kind}, not a walk-forward analysis`, { kind: job.kind, status: job.status });
    if (job.status !== 'completed') throw strategyError('STRATEGY_CURVE_UNAVAILABLE', `the walk-forward is ${job.status}`, { kind: job.kind, status: job.status });
    const page = await readCurve(this.#context.db, id, query);
    if (page === null) throw strategyError('STRATEGY_CURVE_UNAVAILABLE', 'the walk-forward completed before combined curves were stored; run it again', { kind: job.kind, status: job.status });
    return page;
  }

  async #strategy(caller: Caller, strategy: JobStrategy, params: Record<string, unknown>): Promise<WorkerStrategy> {
    if ('builtin' in strategy) {
      const definition = BUILTIN_STRATEGIES.get(strategy.builtin);
      if (definition === undefined) throw strategyError('STRATEGY_BUILTIN_UNKNOWN', `unknown built-in strategy "${strategy.builtin}"`, { builtin: [...BUILTIN_STRATEGIES.keys()] });
      checkParams(definition.params, params);
      return { builtin: strategy.builtin };
    }
    const record = await visibleStrategy(this.#context, caller, strategy.strategyId);
    const [version] = await strategyVersions(this.#context, record.id, strategy.version ?? record.latestVersion);
    Object.assign(params, { ...version!.params, ...params });
    checkParams(version!.paramSpecs, params);
    return workerStrategyOf(version!);
  }

  async #finish(
    id: string,
    status: 'completed' | 'failed' | 'cancelled',
    result: Record<string, unknown> | null,
    error: { code: string; message: string } | null,
    curve?: CurveColumns,
  ): Promise<void> {
    await withTransaction(this.#context.db, async (client) => {
      const { rowCount } = await client.query(
        "UPDATE strategy_jobs SET status = $2, result = $3, error_code = $4, error_message = $5, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')",
        [id, status, result === null ? null : JSON.stringify(result), error?.code ?? null, error?.message.slice(0, 2000) ?? null],
      );
      if (rowCount === 1 && curve !== undefined) await insertCurve(client, id, curve);
    });
  }

  async #run(id: string, kind: JobKind, strategy: WorkerStrategy, credentials: Credentials, request: JobRequest): Promise<void> {
    let data: JobData;
    try {
      data = request.data.source === 'csv' ? { kind: 'csv', csv: request.data.csv, symbol: request.data.symbol ?? 'DATA', ...(request.data.tickSize ? { tickSize: request.data.tickSize } : {}) } : await this.#history(credentials, request.data);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      await this.#finish(id, 'failed', null, { code: typeof code === 'string' ? code : 'STRATEGY_UPSTREAM_UNAVAILABLE', message: (error as Error).message });
      return;
    }
    if (this.#cancelled.has(id)) return;
    await this.#context.db.query("UPDATE strategy_jobs SET status = 'running' WHERE id = $1 AND status = 'queued'", [id]);
    const workerData: JobWorkerData = { kind, strategy, data, settings: request.settings, ...(request.optimise ? { optimise: request.optimise } : {}) };
    const worker = new Worker(bootstrap(), { eval: true, execArgv: [], workerData, resourceLimits: { maxOldGenerationSizeMb: this.#context.config.jobMemoryMb } });
    this.#workers.set(id, worker);
    let lastWrite = Promise.resolve();
    await new Promise<void>((resolve) => {
      let settled = false;
      const settle = (status: 'completed' | 'failed', result: Record<string, unknown> | null, error: { code: string; message: string } | null, curve?: CurveColumns): void => {
        if (settled) return;
        settled = true;
        lastWrite = lastWrite.then(() => this.#finish(id, status, result, error, curve)).catch((failure: unknown) => this.#context.logger.error({ err: failure, jobId: id }, 'recording a job result failed'));
        void lastWrite.then(resolve);
      };
      worker.on('message', (message: FromJobWorker) => {
        if (message.type === 'progress') {
          lastWrite = lastWrite.then(async () => {
            await this.#context.db.query("UPDATE strategy_jobs SET completed = $2, total = $3 WHERE id = $1 AND status = 'running'", [id, message.completed, message.total]);
          });
        } else if (message.type === 'done') settle('completed', message.result, null, message.curve);
        else settle('failed', null, { code: message.code, message: message.message });
      });
      worker.on('error', (error: Error & { code?: string }) =>
        settle('failed', null, error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { code: ('STRATEGY_MEMORY_LIMIT' satisfies StrategyRuntimeCode), message: `the job exceeded ${this.#context.config.jobMemoryMb} MiB` } : { code: ('STRATEGY_WORKER_EXITED' satisfies StrategyRuntimeCode), message: error.message }),
      );
      worker.on('exit', () => {
        if (this.#cancelled.has(id)) {
          settled = true;
          resolve();
        } else settle('failed', null, { code: ('STRATEGY_WORKER_EXITED' satisfies StrategyRuntimeCode), message: 'the job worker exited' });
      });
    });
    this.#workers.delete(id);
    this.#cancelled.delete(id);
    await worker.terminate();
  }

  async #history(credentials: Credentials, source: Extract<JobSource, { source: 'history' }>): Promise<JobData> {
    const { api, config } = this.#context;
    const found = (await call(api, { method: 'GET', path: `/v1/market-data/instruments?symbol=${encodeURIComponent(source.symbol)}`, credentials }).catch(rethrow)) as {
      instruments: { symbol: string; tickSize: string }[];
    };
    const instrument = found.instruments.find((candidate) => candidate.symbol === source.symbol);
    if (instrument === undefined) throw Object.assign(new Error(`${source.symbol} is not an instrument`), { code: 'STRATEGY_INSTRUMENT_NOT_FOUND' });
    const bars: OhlcvBar[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ symbol: source.symbol, interval: source.interval, from: source.from, to: source.to, limit: '1000', ...(cursor ? { cursor } : {}) });
      const page = (await call(api, { method: 'GET', path: `/v1/market-data/bars?${query.toString()}`, credentials }).catch(rethrow)) as {
        bars: { time: string; open: number; high: number; low: number; close: number; volumeLots: number; complete: boolean }[];
        nextCursor: string | null;
      };
      for (const bar of page.bars) {
        if (!bar.complete) continue;
        const size = Number(instrument.tickSize);
        bars.push({ timestamp: Date.parse(bar.time), open: bar.open * size, high: bar.high * size, low: bar.low * size, close: bar.close * size, volume: bar.volumeLots, ticks: { open: bar.open, high: bar.high, low: bar.low, close: bar.close } });
      }
      cursor = page.nextCursor;
    } while (cursor !== null && bars.length < config.maxHistoryBars);
    if (bars.length === 0) throw Object.assign(new Error(`no ${source.interval} bars of ${source.symbol} between ${source.from} and ${source.to}`), { code: 'BACKTEST_DATA_MISSING' });
    return { kind: 'bars', symbol: source.symbol, tickSize: instrument.tickSize, bars };
  }
}

function rethrow(error: unknown): never {
  if (error instanceof UpstreamRefused) throw Object.assign(new Error(error.message), { code: error.code ?? 'STRATEGY_UPSTREAM_UNAVAILABLE' });
  if (error instanceof UpstreamUnavailable) throw Object.assign(new Error(error.message), { code: 'STRATEGY_UPSTREAM_UNAVAILABLE' });
  throw error;
}
