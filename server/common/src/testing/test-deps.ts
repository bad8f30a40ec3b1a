// CoreDeps for tests that build an app with inject() instead of starting a process. Real parts
// throughout (a real pg.Pool, real registries, the in-process bus and channels, local object
// storage in a temporary folder removed at close); only the logger output is captured in memory
// so tests can assert on it. The pool connects lazily: a test that never queries it needs no
// database, and one that does passes `databaseUrl` (from KESTREL_TEST_DATABASE_URL).
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import type { Redis } from 'ioredis';
import { InProcessChannels } from '../bus/in-process-channels.js';
import { InProcessEventBus } from '../bus/in-process-event-bus.js';
import { loadConfig, type ConfigSection } from '../config/load.js';
import { HealthRegistry } from '../health/health-registry.js';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import { createLogger } from '../log/logger.js';
import { createMetrics } from '../metrics/metrics.js';
import type { CoreDeps } from '../service.js';
import { LocalObjectStorage } from '../storage/local-object-storage.js';

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
  const bus = new InProcessEventBus();
  lifecycle.onClose('event bus', () => bus.close());
  const channels = new InProcessChannels();
  lifecycle.onClose('channels', () => channels.close());
  const storageRoot = mkdtempSync(path.join(os.tmpdir(), 'kestrel-test-objects-'));
  lifecycle.onClose('storage folder', () => rm(storageRoot, { recursive: true, force: true }));
  const storage = new LocalObjectStorage({ root: storageRoot });
  const deps: CoreDeps = { config, db, logger, metrics: createMetrics(), health: new HealthRegistry(), lifecycle, bus, channels, storage };
  if (options.redis) deps.redis = options.redis;
  return { deps, logs };
}
