// End to end: `kestrel serve --all` on a fresh data dir (embedded PostgreSQL, no service tokens
// configured) generates <dataDir>/secrets.json once (0600, never logged) and reuses it after a
// restart; with those generated tokens the product's main path works: the bootstrap admin logs
// in, opens and funds an account, and a buy limit order crossing the simulated market fills and
// shows up as a position.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startChild, type Child } from '@kestrel/server-common';
import { embeddedPaths, freePort } from '../src/embedded-postgres.js';
import { secretsPath } from '../src/generated-secrets.js';
import { jsonClient } from './support/json-client.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/kestrel.js', import.meta.url));
const STARTED = /Kestrel is running at (http:\/\/127\.0\.0\.1:\d+)/;
const ADMIN = 'admin@example.com';
const PASSWORD_LINE = /Kestrel admin admin@example\.com one-time password: (\S+)/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('kestrel serve --all generates its internal secrets (embedded)', () => {
  let dataDir: string;
  let env: Record<string, string>;
  const children: Child[] = [];
  let firstSecrets: Record<string, string>;

  const serve = () => {
    const child = startChild([bin, 'serve', '--all'], { cwd: repoRoot, env });
    children.push(child);
    return child;
  };

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-secrets-'));
    const port = await freePort();
    env = {
      KESTREL_DATA_DIR: dataDir,
      KESTREL_HTTP_PORT: '0',
      KESTREL_DATABASE_EMBEDDED_PORT: String(port),
      KESTREL_LOG_LEVEL: 'info',
      KESTREL_AUTH_BOOTSTRAP_ADMIN_EMAIL: ADMIN,
    };
  });

  after(async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    const pidFile = path.join(embeddedPaths(dataDir).pgdata, 'postmaster.pid');
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : undefined;
    if (pid !== undefined && alive(pid)) {
      process.kill(pid, 'SIGINT');
      await until(async () => (alive(pid) ? undefined : true), 30_000, 'the embedded PostgreSQL to stop');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes secrets.json once with mode 0600 and never logs the values', async () => {
    const child = serve();
    await child.waitFor(STARTED, 120_000);
    const file = secretsPath(dataDir);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    firstSecrets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(firstSecrets).sort(), ['authKeyEncryptionKey', 'marketDataServiceToken', 'orderServiceToken', 'portfolioServiceToken', 'strategyCredentialKey']);
    for (const value of Object.values(firstSecrets)) {
      assert.ok(value.length >= 43);
      assert.ok(!child.stdout().includes(value) && !child.stderr().includes(value), 'a secret value reached the output');
    }
    assert.match(child.stdout(), /generated internal secrets for the embedded server/);
    assert.doesNotMatch(child.stdout(), /JWT signing keys are stored unencrypted/);
    child.process.kill('SIGINT');
    assert.equal(await child.exited, 0);
  });

  it('reuses the same secrets after a restart, and an order crossing the simulated market fills', async () => {
    const child = serve();
    const [, url] = await child.waitFor(STARTED, 60_000);
    assert.deepEqual(JSON.parse(readFileSync(secretsPath(dataDir), 'utf8')), firstSecrets);
    assert.doesNotMatch(child.stdout(), /generated internal secrets/);

    const oneTime = PASSWORD_LINE.exec(children[0]!.stdout())?.[1];
    assert.ok(oneTime, 'the first start printed the bootstrap admin one-time password');
    const { call, login: loginAs } = jsonClient(url!);
    const login = (password: string) => loginAs(ADMIN, password);
    const newPassword = 'kestrel-secrets-e2e-Passw0rd!';
    const changed = await call('POST', '/v1/auth/password', { currentPassword: oneTime, newPassword }, await login(oneTime));
    assert.ok(changed.status < 300, JSON.stringify(changed.json));
    const token = await login(newPassword);

    const opened = await call('POST', '/v1/accounts', { name: 'secrets-e2e', currency: 'USD', type: 'cash' }, token);
    assert.equal(opened.status, 201, JSON.stringify(opened.json));
    const accountId = opened.json.id as string;
    const deposit = await call('POST', `/v1/accounts/${accountId}/deposits`, { amountMinor: 100_000_000, reference: 'secrets-e2e' }, token);
    assert.equal(deposit.status, 201, JSON.stringify(deposit.json));

    // 10% above AAPL's starting fair value (19000 ticks): crosses the agents' resting offers. The
    // demo instruments trade around the clock, and reach the order service and the portfolio on
    // instruments.updated at start (with the generated portfolio token in between, which is what
    // this test is about).
    const placed = await call(
      'POST',
      '/v1/orders',
      { clientOrderId: 'secrets-e2e', accountId, symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots: 1, limitPriceTicks: 20900 },
      token,
    );
    assert.ok(placed.status === 201 || placed.status === 202, JSON.stringify(placed.json));
    assert.notEqual(placed.json.status, 'rejected', JSON.stringify(placed.json));
    const orderId = placed.json.id as string;
    let lastStatus = '';
    await until(
      async () => {
        const order = await call('GET', `/v1/orders/${orderId}`, undefined, token);
        lastStatus = JSON.stringify(order.json);
        return ['filled', 'partially_filled'].includes(order.json.status as string) ? true : undefined;
      },
      30_000,
      'the order to fill',
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last order ${lastStatus}\n${child.stdout().split('\n').filter((line) => /"level":(40|50)/.test(line)).slice(-10).join('\n')}`);
    });
    const positions = await call('GET', `/v1/positions?accountId=${accountId}`, undefined, token);
    const aapl = (positions.json.positions as { symbol: string; quantityLots: number }[] | undefined)?.find((position) => position.symbol === 'AAPL');
    assert.ok(aapl && aapl.quantityLots >= 1, JSON.stringify(positions.json));

    child.process.kill('SIGINT');
    assert.equal(await child.exited, 0);
  });
});
