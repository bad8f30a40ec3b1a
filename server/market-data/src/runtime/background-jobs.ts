// The service's periodic work: the bar materialiser (native layout: roll up queued trade ranges
// every materialiseIntervalMs, draining the queue in chunks) and storage maintenance (create
// partitions ahead, drop expired ones, every maintenanceIntervalSeconds). Invariants: each job
// runs at most once at a time per process; a failing run is logged and retried at the next tick
// (the queue and the partitions stay consistent, see the store modules); stop() waits for an
// in-flight run. Timers are unref'd, so they never keep a process alive.
import type pg from 'pg';
import type { Logger } from 'pino';
import type { RetentionDays, StorageLayout } from '../domain/storage-ddl.js';
import { materialiseQueued } from '../store/bar-materialiser.js';
import type { MaintenanceReport, PartitionKeeper } from '../store/partition-keeper.js';

/** What the jobs need. */
export interface BackgroundJobOptions {
  pool: pg.Pool;
  layout: StorageLayout;
  partitions: PartitionKeeper;
  logger: Logger;
  materialiseIntervalMs: number;
  maintenanceIntervalMs: number;
  partitionsAhead: number;
  retention: RetentionDays;
}

const CLAIM_LIMIT = 1000;

/** A running job: run() now (waiting for an in-flight run first), stop() for good. */
class PeriodicJob<T> {
  readonly #run: () => Promise<T>;
  readonly #intervalMs: number;
  readonly #onError: (error: unknown) => void;
  #timer: NodeJS.Timeout | null = null;
  #inFlight: Promise<T> | null = null;
  #stopped = false;

  constructor(run: () => Promise<T>, intervalMs: number, onError: (error: unknown) => void) {
    this.#run = run;
    this.#intervalMs = intervalMs;
    this.#onError = onError;
  }

  start(): void {
    this.#arm();
  }

  async runNow(): Promise<T> {
    while (this.#inFlight) await this.#inFlight.catch(() => undefined);
    this.#inFlight = this.#run();
    try {
      return await this.#inFlight;
    } finally {
      this.#inFlight = null;
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#inFlight?.catch(() => undefined);
  }

  #arm(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.runNow()
        .catch((error) => this.#onError(error))
        .finally(() => this.#arm());
    }, this.#intervalMs);
    this.#timer.unref();
  }
}

/** The running jobs. */
export class BackgroundJobs {
  readonly #options: BackgroundJobOptions;
  readonly #materialiser: PeriodicJob<number>;
  readonly #maintenance: PeriodicJob<MaintenanceReport>;

  constructor(options: BackgroundJobOptions) {
    this.#options = options;
    this.#materialiser = new PeriodicJob(() => this.#materialiseAll(), options.materialiseIntervalMs, (error) =>
      options.logger.warn({ err: error }, 'market-data: bar materialisation failed; retrying at the next tick'),
    );
    this.#maintenance = new PeriodicJob(
      () => options.partitions.maintain(Date.now(), options.partitionsAhead, options.retention),
      options.maintenanceIntervalMs,
      (error) => options.logger.warn({ err: error }, 'market-data: storage maintenance failed; retrying at the next tick'),
    );
  }

  /** Starts both timers. */
  start(): void {
    if (this.#options.layout === 'native') this.#materialiser.start();
    this.#maintenance.start();
  }

  /** Rolls up everything queued now; returns how many ranges were processed. */
  materialiseNow(): Promise<number> {
    return this.#materialiser.runNow();
  }

  /** Runs storage maintenance now. */
  maintainNow(): Promise<MaintenanceReport> {
    return this.#maintenance.runNow();
  }

  /** Stops both jobs, waiting for in-flight runs. */
  async stop(): Promise<void> {
    await Promise.all([this.#materialiser.stop(), this.#maintenance.stop()]);
  }

  async #materialiseAll(): Promise<number> {
    if (this.#options.layout !== 'native') return 0;
    let total = 0;
    for (;;) {
      const claimed = await materialiseQueued(this.#options.pool, this.#options.layout, this.#options.partitions, CLAIM_LIMIT);
      total += claimed;
      if (claimed < CLAIM_LIMIT) return total;
    }
  }
}
