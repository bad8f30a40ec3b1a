// Stream services on loopback for the integration tests: a throw-away database on the real
// PostgreSQL (common + portfolio migrations, applied from the portfolio's migrations folder —
// services never import each other), the real Redis channels when `redis` is asked for (else the
// in-process twin), the in-process bus, and a real listening HTTP server driven with `ws` clients.
// The gateway is not mounted (a service package never imports it); a tiny root-level module plays
// its role of turning `Authorization: Bearer <base64url JSON {userId}>` into `request.principal`,
// so the stream's own upgrade routing, query-token handling and ownership rules run for real.
// The CLI's end-to-end test covers the real gateway (JWT) and real market-data snapshots.
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import WebSocket from 'ws';
import { build, commonMigrations, createTestDeps, defineService, dropDatabase, migrateService, RedisChannels, type CoreDeps } from '@kestrel/server-common';
import { streamService } from '../../src/app.js';
import { StreamConfigSchema } from '../../src/config.js';

/** A KESTREL_TEST_* variable; fails (never skips) without the test services. */
export function requireTestEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run \`bash scripts/test-services.sh start && eval "$(bash scripts/test-services.sh env)"\` first (docs/testing.md)`);
  return value;
}

/** The bearer credential the test principal module accepts for `userId`. */
export function testToken(userId: string): string {
  return Buffer.from(JSON.stringify({ userId })).toString('base64url');
}

/** Root-level module standing in for the gateway: `Authorization: Bearer <testToken(userId)>` becomes the principal. */
export const principalFromBearer = defineService({
  name: 'test-principal',
  encapsulate: false,
  async plugin(app) {
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request) => {
      const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
      if (!match) return;
      const { userId } = JSON.parse(Buffer.from(match[1]!, 'base64url').toString()) as { userId: string };
      (request as unknown as { principal: unknown }).principal = { userId, role: 'trader', kind: 'session', scopes: [], permissions: new Set(['trading:read']) };
    });
  },
});

/** One database shared by the instances of a test file. */
export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  /** Inserts an account owned by `ownerUserId` into portfolio_accounts; returns its id. */
  account(ownerUserId: string): Promise<string>;
  drop(): Promise<void>;
}

/** Creates and migrates a throw-away database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = requireTestEnv('KESTREL_TEST_DATABASE_URL');
  const name = `kestrel_stream_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  const { deps } = createTestDeps({ databaseUrl: url.toString(), logLevel: 'warn' });
  await migrateService(commonMigrations, { pool, logger: deps.logger });
  await migrateService({ name: 'portfolio', migrationsDir: fileURLToPath(new URL('../../../portfolio/migrations', import.meta.url)) }, { pool, logger: deps.logger });
  await deps.lifecycle.close(1000);
  return {
    url: url.toString(),
    pool,
    async account(ownerUserId) {
      const id = randomUUID();
      await pool.query(
        `INSERT INTO portfolio_accounts (id, owner_user_id, name, currency, type, long_margin_bps, short_margin_bps, allow_short_selling)
         VALUES ($1, $2, 'test', 'USD', 'cash', 10000, 10000, false)`,
        [id, ownerUserId],
      );
      return id;
    },
    async drop() {
      await pool.end();
      await dropDatabase(base, name);
    },
  };
}

/** A listening stream service. */
export interface StreamInstance {
  app: FastifyInstance;
  deps: CoreDeps;
  /** ws:// URL of /v1/stream. */
  url: string;
  close(): Promise<void>;
}

/** Options of startInstance. */
export interface InstanceOptions {
  /** Redis key prefix: instances with the same prefix share channels over the real Redis. */
  redisPrefix?: string;
  /** KESTREL_STREAM_* settings. */
  env?: Record<string, string>;
}

/** Builds and listens one stream service on 127.0.0.1. */
export async function startInstance(database: TestDatabase, options: InstanceOptions = {}): Promise<StreamInstance> {
  const { deps } = createTestDeps({ databaseUrl: database.url, sections: [{ name: 'stream', schema: StreamConfigSchema }], env: options.env ?? {}, logLevel: 'warn' });
  if (options.redisPrefix !== undefined) {
    // The in-process channels createTestDeps made are closed by its lifecycle.
    deps.channels = new RedisChannels({ url: requireTestEnv('KESTREL_TEST_REDIS_URL'), prefix: options.redisPrefix });
  }
  const app = await build({ deps, modules: [principalFromBearer, streamService] });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  return {
    app,
    deps,
    url: `ws://127.0.0.1:${address.port}/v1/stream`,
    async close() {
      await app.close();
      if (options.redisPrefix !== undefined) await deps.channels.close();
      await deps.lifecycle.close(5000);
    },
  };
}

/** A test client that records every frame. */
export class TestClient {
  readonly socket: WebSocket;
  readonly frames: Record<string, unknown>[] = [];
  closeCode: number | null = null;
  closeReason = '';
  readonly opened: Promise<void>;
  readonly closed: Promise<void>;

  constructor(url: string, userId: string, options: { via?: 'header' | 'query' } = {}) {
    const token = testToken(userId);
    this.socket =
      options.via === 'query' ? new WebSocket(`${url}?token=${token}`) : new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
    this.socket.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as Record<string, unknown>));
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.closed = new Promise((resolve) =>
      this.socket.once('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        resolve();
      }),
    );
  }

  /** Sends one protocol message. */
  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Frames of one subscription. */
  of(id: string): Record<string, unknown>[] {
    return this.frames.filter((frame) => frame.id === id);
  }

  /** Subscribes and waits for the snapshot. */
  async subscribe(message: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.send({ type: 'subscribe', ...message });
    const id = message.id as string;
    await waitFor(() => this.of(id).some((frame) => frame.type === 'snapshot' || frame.type === 'error'), 30_000, `the snapshot of ${id}`);
    return this.of(id).find((frame) => frame.type === 'snapshot' || frame.type === 'error')!;
  }
}

/** Polls `condition` until it holds or `timeoutMs` passes (then throws naming `what`). */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
