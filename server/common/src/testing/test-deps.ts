// CoreDeps for tests that build an app with inject() instead of starting a process. Real parts
// throughout (a real pg.Pool, real registries); only the logger output is captured in memory so
// tests can assert on it. The pool connects lazily: a test that never queries it needs no
// database, and one that does passes `databaseUrl` (from KESTREL_TEST_DATABASE_URL).
import { Writable } from 'node:stream';
import pg from 'pg';
import type { Redis } from 'ioredis';
import { loadConfig, type ConfigSection } from '../config/load.js';
import { HealthRegistry } from '../health/health-registry.js';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import { createLogger } from '../log/logger.js';
import { createMetrics } from '../metrics/metrics.js';
import type { CoreDeps } from '../service.js';

/** An in-memory log destination. */
export class LogCapture {
  readonly #chunks: string[] = [];
  /** Pass as the logger's destination. */
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, callback) => {
      this.#chunks.push(chunk.toString());
      callback();
    },
  });

  /** Everything written, raw, for "this secret never appears" assertions. */
  text(): string {
    return this.#chunks.join('');
  }

  /** Every line written, parsed. */
  get lines(): Record<string, unknown>[] {
    return this.text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

/** Options of createTestDeps. */
export interface TestDepsOptions {
  /** KESTREL_* variables to load the config from (nothing else from process.env is read). */
  env?: Record<string, string>;
  sections?: readonly ConfigSection[];
  /** Database the pool points at; default: a closed port (fine as long as nothing queries it). */
  databaseUrl?: string;
  redis?: Redis;
  logLevel?: string;
}

/** Deps for inject()-based tests, plus the captured log. Close with `deps.lifecycle.close()`. */
export function createTestDeps(options: TestDepsOptions = {}): { deps: CoreDeps; logs: LogCapture } {
  const logs = new LogCapture();
  const databaseUrl = options.databaseUrl ?? 'postgres://kestrel@127.0.0.1:1/kestrel';
  const { config } = loadConfig({ env: { KESTREL_DATABASE_URL: databaseUrl, ...options.env }, sections: options.sections });
  const logger = createLogger({ level: options.logLevel ?? 'info', destination: logs.stream });
  const lifecycle = new Lifecycle(logger);
  const db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  lifecycle.onClose('database pool', () => db.end());
  const deps: CoreDeps = { config, db, logger, metrics: createMetrics(), health: new HealthRegistry(), lifecycle };
  if (options.redis) deps.redis = options.redis;
  return { deps, logs };
}
