// End to end: `kestrel admin create` as a real process against a fresh database on the test
// PostgreSQL, then `kestrel serve --all` on that database and a login through POST /v1/auth/login
// with the credentials it set. Also: a generated one-time password is printed once and never logged,
// an existing account is promoted and its password reset, and refused input exits 64 before any
// database is touched.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { dropDatabase, startChild, type Child } from '@kestrel/server-common';
import { requireTestEnv } from './identity/harness.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/kestrel.js', import.meta.url));
const STARTED = /Kestrel is running at (http:\/\/127\.0\.0\.1:\d+)/;
const ONE_TIME = /^Kestrel admin (\S+) one-time password: (\S+)$/m;

describe('kestrel admin create', () => {
  let baseUrl: string;
  let database: string;
  let env: Record<string, string>;
  let dataDir: string;
  const children: Child[] = [];

  const kestrel = (args: string[], extra: Record<string, string> = {}): Child => {
    const child = startChild([bin, ...args], { cwd: repoRoot, env: { ...env, ...extra } });
    children.push(child);
    return child;
  };

  const login = async (url: string, email: string, password: string) => {
    const response = await fetch(`${url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    return { status: response.status, body: (await response.json()) as { accessToken?: string; refreshToken?: string; mustChangePassword?: boolean; error?: { code: string } } };
  };

  before(async () => {
    baseUrl = requireTestEnv('KESTREL_TEST_DATABASE_URL');
    database = `kestrel_cli_admin_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();
    const url = new URL(baseUrl);
    url.pathname = `/${database}`;
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-admin-e2e-'));
    env = { KESTREL_DATABASE_URL: url.toString(), KESTREL_DATA_DIR: dataDir, KESTREL_HTTP_HOST: '127.0.0.1', KESTREL_HTTP_PORT: '0', KESTREL_LOG_LEVEL: 'debug' };
  });

  after(async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    await dropDatabase(baseUrl, database);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a bad email or a weak password with exit 64, before touching a database', async () => {
    // A closed port: reaching for the database would fail differently (exit 1).
    const unreachable = { KESTREL_DATABASE_URL: 'postgres://kestrel@127.0.0.1:1/kestrel' };
    const cases: [string[], RegExp][] = [
      [['admin', 'create', '--email', 'not-an-email'], /^kestrel: REQUEST_INVALID: "not-an-email" is not an email address the login accepts\n/],
      [['admin', 'create', '--email', 'ops@example.com', '--password', 'password1'], /^kestrel: AUTH_PASSWORD_COMMON: password refused: /],
      [['admin', 'create', '--email', 'ops@example.com', '--password', 'short'], /^kestrel: AUTH_PASSWORD_TOO_SHORT: /],
      [['admin', 'create'], /^kestrel: admin create needs --email <address>\n/],
      [['admin', 'remove', '--email', 'ops@example.com'], /^kestrel: admin takes one subcommand: create\n/],
    ];
    for (const [args, stderr] of cases) {
      const child = kestrel(args, unreachable);
      assert.equal(await child.exited, 64, `${args.join(' ')}: ${child.stderr()}`);
      assert.match(child.stderr(), stderr);
      assert.equal(child.stdout(), '');
    }
  });

  it('creates admins that log in through the API; a generated password is shown once and never logged', async () => {
    const generated = kestrel(['admin', 'create', '--email', 'First.Admin@Example.com']);
    assert.equal(await generated.exited, 0, generated.stderr());
    const match = generated.stdout().match(ONE_TIME);
    assert.ok(match, generated.stdout());
    const oneTimePassword = match[2] as string;
    assert.equal(match[1], 'First.Admin@Example.com');
    assert.ok(oneTimePassword.length >= 20, 'a long random secret');
    // Every other stdout line is a JSON log line (debug level, so nothing is filtered out).
    const logLines = generated.stdout().split('\n').filter((line) => line.startsWith('{'));
    assert.ok(logLines.some((line) => line.includes('"msg":"admin account ready"')), 'the creation is logged');
    assert.ok(logLines.every((line) => !line.includes(oneTimePassword)), 'the password is never logged');
    assert.ok(!generated.stderr().includes(oneTimePassword));

    const chosen = kestrel(['admin', 'create', '--email', 'second@example.com', '--password', 'correct horse battery staple']);
    assert.equal(await chosen.exited, 0, chosen.stderr());
    assert.match(chosen.stdout(), /^Kestrel admin second@example\.com is ready \(user [0-9a-f-]{36}\)\.$/m);
    assert.doesNotMatch(chosen.stdout(), /correct horse/);

    const server = kestrel(['serve', '--all']);
    const [, url] = (await server.waitFor(STARTED, 60_000)) as unknown as [string, string];

    const first = await login(url, 'first.admin@example.com', oneTimePassword);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.ok(first.body.accessToken);
    assert.equal(first.body.mustChangePassword, true);

    const second = await login(url, 'second@example.com', 'correct horse battery staple');
    assert.equal(second.status, 200, JSON.stringify(second.body));
    const users = await fetch(`${url}/v1/admin/users`, { headers: { authorization: `Bearer ${second.body.accessToken}` } });
    assert.equal(users.status, 200, 'the account has the admin role');
    const listed = ((await users.json()) as { users: { email: string; role: string }[] }).users.map((user) => `${user.email} ${user.role}`).sort();
    assert.deepEqual(listed, ['First.Admin@Example.com admin', 'second@example.com admin']);

    // Run again for an existing account while the server is up: the password is reset and the
    // sessions opened with the old one are revoked (a recovery must lock out whoever held it).
    const reset = kestrel(['admin', 'create', '--email', 'second@example.com', '--password', 'a brand new pass phrase']);
    assert.equal(await reset.exited, 0, reset.stderr());
    assert.equal((await login(url, 'second@example.com', 'correct horse battery staple')).status, 401);
    assert.equal((await login(url, 'second@example.com', 'a brand new pass phrase')).status, 200);
    const refresh = await fetch(`${url}/v1/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: second.body.refreshToken }) });
    assert.equal(refresh.status, 401, 'the session from before the reset is revoked');

    server.process.kill('SIGINT');
    assert.equal(await server.exited, 0);
  });
});
