// The kestrel-admin executable: help, usage errors (exit 64 with ADMIN_USAGE), an operator error
// with its code and remedy (exit 1), and status findings (exit 2) — run as a real process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/kestrel-admin.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('kestrel-admin', () => {
  it('prints help', () => {
    const result = run('--help');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^Usage: kestrel-admin <command>/);
    for (const command of ['install', 'upgrade', 'backup', 'restore', 'status', 'doctor', 'updates publish']) assert.ok(result.stdout.includes(command), command);
  });

  it('answers bad usage with ADMIN_USAGE and exit 64', () => {
    for (const args of [['bogus'], ['upgrade'], ['restore'], ['updates', 'publish'], ['status', '--no-such-flag']]) {
      const result = run(...args);
      assert.equal(result.status, 64, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /^kestrel-admin: /);
    }
  });

  it('reports an operator error with its code and remedy, exit 1', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-admin-cli-'));
    try {
      const result = run('restore', '--verify', '--from', path.join(dir, 'no-backup-here'), '--dir', dir, '--database-url', 'postgres://nobody@127.0.0.1:1/none');
      assert.equal(result.status, 1);
      assert.match(result.stderr, /^kestrel-admin: ADMIN_BACKUP_INVALID: .*no SHA256SUMS or manifest\.json\n {2}-> use another backup/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 when status finds a problem', () => {
    const result = run('status', '--url', 'gateway=http://127.0.0.1:1', '--dir', os.tmpdir());
    assert.equal(result.status, 2);
    assert.match(result.stdout, /FAIL gateway: unreachable/);
  });
});
