// /health/ready against real PostgreSQL and Redis, and against dependencies that are down.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { build } from '../src/http/build.js';
import { createRuntime } from '../src/runtime/runtime.js';
import { loadConfig } from '../src/config/load.js';
import { Lifecycle } from '../src/lifecycle/lifecycle.js';
import { createLogger } from '../src/log/logger.js';
import { LogCapture } from '../src/testing/test-deps.js';
import { requireTestEnv } from '../src/testing/require-test-env.js';
import type { CoreDeps } from '../src/service.js';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function runtimeFor(env: Record<string, string>): Promise<CoreDeps> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-health-'));
  const { config } = loadConfig({ env: { KESTREL_DATA_DIR: dataDir, ...env } });
  const lifecycle = new Lifecycle();
  lifecycle.onClose('data dir', () => rm(dataDir, { recursive: true, force: true }));
  return createRuntime({ config, lifecycle, logger: createLogger({ destination: new LogCapture().stream }) });
}

describe('GET /health/ready', () => {
  const databaseUrl = requireTestEnv('KESTREL_TEST_DATABASE_URL');
  const redisUrl = requireTestEnv('KESTREL_TEST_REDIS_URL');
  let down: number;

  before(async () => {
    down = await closedPort();
  });

  it('is 200 with a passing check per dependency when PostgreSQL and Redis are up', async () => {
    const deps = await runtimeFor({ KESTREL_DATABASE_URL: databaseUrl, KESTREL_REDIS_URL: redisUrl });
    deps.health.register('custom', async () => undefined);
    const app = await build({ deps });
    try {
      const response = await app.inject({ url: '/health/ready' });
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.equal(body.status, 'ok');
      assert.deepEqual(body.checks.map((c: { name: string; status: string }) => [c.name, c.status]), [['database', 'ok'], ['redis', 'ok'], ['storage', 'ok'], ['custom', 'ok']]);
      for (const check of body.checks) assert.equal(typeof check.latencyMs, 'number');
      assert.equal((await app.inject({ url: '/health/live' })).statusCode, 200);
    } finally {
      await app.close();
      await deps.lifecycle.close(5000);
    }
  });

  it('is 503 naming the database when PostgreSQL is unreachable, while liveness stays 200', async () => {
    const deps = await runtimeFor({ KESTREL_DATABASE_URL: `postgres://kestrel@127.0.0.1:${down}/kestrel` });
    const app = await build({ deps });
    try {
      const response = await app.inject({ url: '/health/ready' });
      assert.equal(response.statusCode, 503);
      const body = response.json();
      assert.equal(body.status, 'fail');
      assert.equal(body.checks[0].name, 'database');
      assert.equal(body.checks[0].status, 'fail');
      assert.match(body.checks[0].error, /ECONNREFUSED|connect/);
      assert.equal((await app.inject({ url: '/health/live' })).statusCode, 200);
    } finally {
      await app.close();
      await deps.lifecycle.close(5000);
    }
  });

  it('is 503 naming object storage when the S3 endpoint is unreachable', async () => {
    const deps = await runtimeFor({ KESTREL_DATABASE_URL: databaseUrl, KESTREL_S3_ENDPOINT: `http://127.0.0.1:${down}`, KESTREL_S3_BUCKET: 'kestrel' });
    const app = await build({ deps });
    try {
      const response = await app.inject({ url: '/health/ready' });
      assert.equal(response.statusCode, 503);
      const checks = response.json().checks as { name: string; status: string }[];
      assert.deepEqual(checks.map((c) => [c.name, c.status]), [['database', 'ok'], ['storage', 'fail']]);
    } finally {
      await app.close();
      await deps.lifecycle.close(5000);
    }
  });

  it('is 503 naming Redis when Redis is unreachable', async () => {
    const deps = await runtimeFor({ KESTREL_DATABASE_URL: databaseUrl, KESTREL_REDIS_URL: `redis://127.0.0.1:${down}` });
    const app = await build({ deps });
    try {
      const response = await app.inject({ url: '/health/ready' });
      assert.equal(response.statusCode, 503);
      const checks = response.json().checks as { name: string; status: string }[];
      assert.deepEqual(checks.map((c) => [c.name, c.status]), [['database', 'ok'], ['redis', 'fail'], ['storage', 'ok']]);
    } finally {
      await app.close();
      await deps.lifecycle.close(5000);
    }
  });

  it('is 503 with a shutdown check once the process is closing', async () => {
    const deps = await runtimeFor({ KESTREL_DATABASE_URL: databaseUrl });
    const app = await build({ deps });
    let release: () => void = () => undefined;
    deps.lifecycle.onClose('hold', () => new Promise<void>((resolve) => (release = resolve)));
    const closing = deps.lifecycle.close(5000);
    try {
      const response = await app.inject({ url: '/health/ready' });
      assert.equal(response.statusCode, 503);
      assert.ok(response.json().checks.some((c: { name: string }) => c.name === 'shutdown'));
    } finally {
      release();
      await closing;
      await app.close();
    }
  });
});
