// End to end: `kestrel serve --all` as a real process on a fresh data dir with the embedded
// PostgreSQL. First start creates the cluster; SIGINT shuts down cleanly with exit 0; a restart
// reuses the data; a forced exit and a killed process do not strand the cluster; bad
// configuration exits 78 with one line naming the key.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startChild, type Child } from '@kestrel/server-common';
import { embeddedPaths, freePort } from '../src/embedded-postgres.js';
import { SERVICES } from '../src/services.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/kestrel.js', import.meta.url));
const STARTED = /Kestrel is running at (http:\/\/127\.0\.0\.1:\d+)/;

function kestrel(args: string[], env: Record<string, string>): Child {
  return startChild([bin, ...args], { cwd: repoRoot, env });
}

function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(embeddedPaths(dataDir).pgdata, 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function connect(dataDir: string, port: number): Promise<pg.Client> {
  const credentials = JSON.parse(readFileSync(embeddedPaths(dataDir).credentials, 'utf8')) as { user: string; password: string; database: string };
  const client = new pg.Client({ host: '127.0.0.1', port, user: credentials.user, password: credentials.password, database: credentials.database });
  await client.connect();
  return client;
}

interface Readiness {
  status: string;
  checks: { name: string; status: string }[];
}

async function ready(url: string): Promise<{ status: number; body: Readiness }> {
  const response = await fetch(`${url}/health/ready`);
  return { status: response.status, body: (await response.json()) as Readiness };
}

describe('kestrel serve --all (embedded)', () => {
  let dataDir: string;
  let port: number;
  let env: Record<string, string>;
  const children: Child[] = [];

  const serve = (extra: Record<string, string> = {}) => {
    const child = kestrel(['serve', '--all'], { ...env, ...extra });
    children.push(child);
    return child;
  };

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-e2e-'));
    port = await freePort();
    env = { KESTREL_DATA_DIR: dataDir, KESTREL_HTTP_PORT: '0', KESTREL_DATABASE_EMBEDDED_PORT: String(port), KESTREL_LOG_LEVEL: 'info' };
  });

  after(async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    const pid = postmasterPid(dataDir);
    if (pid !== undefined && alive(pid)) {
      process.kill(pid, 'SIGINT');
      await waitFor(() => !alive(pid), 30_000, 'the embedded PostgreSQL to stop');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the cluster, is ready, and stops cleanly on SIGINT with exit 0', async () => {
    const child = serve();
    const [, url] = await child.waitFor(STARTED, 120_000);
    const { status, body } = await ready(url as string);
    assert.equal(status, 200);
    assert.deepEqual(body.checks.find((check) => check.name === 'database')?.status, 'ok');
    assert.match(child.stdout(), /creating the embedded PostgreSQL cluster/);

    if (process.getuid?.() === 0) {
      const postgresUid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      assert.equal(statSync(embeddedPaths(dataDir).pgdata).uid, postgresUid, 'as root, PGDATA belongs to postgres');
    }
    assert.equal(statSync(embeddedPaths(dataDir).credentials).mode & 0o777, 0o600);

    const client = await connect(dataDir, port);
    await client.query('create table e2e_notes (id int primary key, body text not null)');
    await client.query("insert into e2e_notes values (1, 'survives a restart')");
    await client.end();

    child.process.kill('SIGINT');
    assert.equal(await child.exited, 0);
    assert.match(child.stdout(), /"msg":"embedded PostgreSQL stopped"/);
    assert.match(child.stdout(), /"clean":true/);
    assert.equal(postmasterPid(dataDir), undefined, 'postgres shut down and removed its pid file');
    assert.match(readFileSync(embeddedPaths(dataDir).log, 'utf8'), /database system is shut down/);
  });

  it('reuses the data on the next start', async () => {
    const child = serve();
    const [, url] = await child.waitFor(STARTED, 60_000);
    assert.equal((await ready(url as string)).status, 200);
    assert.doesNotMatch(child.stdout(), /creating the embedded PostgreSQL cluster/);
    const client = await connect(dataDir, port);
    const { rows } = await client.query('select body from e2e_notes where id = 1');
    await client.end();
    assert.deepEqual(rows, [{ body: 'survives a restart' }]);
    child.process.kill('SIGTERM');
    assert.equal(await child.exited, 0);
  });

  it('exits at once on a second signal (128 + its number), still stopping the cluster', async () => {
    const child = serve();
    await child.waitFor(STARTED, 60_000);
    // Two different signals: the kernel merges a repeated pending signal into one.
    child.process.kill('SIGINT');
    child.process.kill('SIGTERM');
    assert.ok([130, 143].includes(await child.exited), child.stdout());
    assert.match(child.stdout(), /second signal: exiting without waiting/);
    await waitFor(() => postmasterPid(dataDir) === undefined, 30_000, 'postgres to finish its fast shutdown');
  });

  it('recovers a cluster left running by a killed process', async () => {
    const first = serve();
    await first.waitFor(STARTED, 60_000);
    first.process.kill('SIGKILL');
    await first.exited;
    const orphan = postmasterPid(dataDir);
    assert.ok(orphan !== undefined && alive(orphan), 'postgres outlives a SIGKILLed Kestrel (own session)');

    const second = serve();
    const [, url] = await second.waitFor(STARTED, 60_000);
    assert.match(second.stdout(), /stopping an embedded PostgreSQL left running by a previous Kestrel process/);
    assert.equal((await ready(url as string)).status, 200);
    assert.equal(alive(orphan), false);
    second.process.kill('SIGINT');
    assert.equal(await second.exited, 0);
  });

  it('runs `kestrel migrate` against the embedded cluster and exits 0', async () => {
    const child = kestrel(['migrate'], env);
    children.push(child);
    assert.equal(await child.exited, 0, child.stderr());
    // serve already applied everything, so every target reports it is up to date.
    const targets = ['common', ...SERVICES.filter((module) => module.migrationsDir !== undefined).map((module) => module.name)];
    const report = child.stdout().split('\n').filter((line) => line !== '' && !line.startsWith('{'));
    assert.deepEqual(report, targets.map((name) => `${name}: up to date`));
    assert.equal(postmasterPid(dataDir), undefined, 'migrate stops the cluster it started');
  });
});

describe('kestrel configuration and usage errors', () => {
  it('exits 78 with one line naming a malformed variable', async () => {
    const child = kestrel(['serve', '--all'], { KESTREL_HTTP_PORT: 'abc', KESTREL_DATA_DIR: os.tmpdir() });
    assert.equal(await child.exited, 78);
    assert.equal(child.stderr(), 'config error: KESTREL_HTTP_PORT must be an integer between 0 and 65535 (got "abc")\n');
    assert.equal(child.stdout(), '');
  });

  it('exits 78 naming a malformed key of the --config file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-config-'));
    const file = path.join(dir, 'kestrel.json');
    writeFileSync(file, JSON.stringify({ shutdown: { graceMs: -1 } }));
    try {
      const child = kestrel(['serve', '--all', '--config', file], {});
      assert.equal(await child.exited, 78);
      assert.equal(child.stderr(), `config error: shutdown.graceMs in ${file} must be an integer between 0 and 600000 (got -1)\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 64 on bad usage and 0 on --help', async () => {
    const bad = kestrel(['launch'], {});
    assert.equal(await bad.exited, 64);
    assert.match(bad.stderr(), /^kestrel: unknown command "launch"\n/);
    const help = kestrel(['--help'], {});
    assert.equal(await help.exited, 0);
    assert.match(help.stdout(), /^Usage: kestrel <command>/);
  });
});
