// `kestrel-admin updates publish` to the real test S3 server, then the suite itself serving the
// feed: the real `kestrel serve updates` process (spawned, as the updates container runs it) reads
// the published files; a client parses latest.yml and downloads the installer with Range requests
// (206, exact bytes, sha512 as the manifest says). An inconsistent release is refused whole.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ObjectStore } from '../src/object-store.js';
import { publishUpdates } from '../src/publish.js';
import { createScratchDatabase, type ScratchDatabase } from './support/database.js';
import { requireTestEnv } from './support/env.js';

const KESTREL_BIN = fileURLToPath(new URL('../../server/cli/bin/kestrel.js', import.meta.url));

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KESTREL_BIN, 'serve', 'updates'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`kestrel serve updates did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Kestrel is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] as string });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`kestrel serve updates exited with ${code}:\n${output}`)));
  });
}

describe('updates publish and the served feed', () => {
  let store: ObjectStore;
  let db: ScratchDatabase;
  let server: { child: ChildProcess; url: string } | undefined;
  const prefix = `updates-publish-test-${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-admin-publish-test-'));
  const installer = randomBytes(150_000);
  const name = 'Kestrel-Setup-2.0.0.exe';
  const sha512 = createHash('sha512').update(installer).digest('base64');

  before(async () => {
    store = new ObjectStore({
      endpoint: requireTestEnv('KESTREL_TEST_S3_ENDPOINT'),
      bucket: requireTestEnv('KESTREL_TEST_S3_BUCKET'),
      accessKeyId: requireTestEnv('KESTREL_TEST_S3_ACCESS_KEY'),
      secretAccessKey: requireTestEnv('KESTREL_TEST_S3_SECRET_KEY'),
    });
    db = await createScratchDatabase('publish');
    writeFileSync(path.join(dir, name), installer);
    writeFileSync(path.join(dir, `${name}.blockmap`), randomBytes(500));
    writeFileSync(
      path.join(dir, 'latest.yml'),
      `version: 2.0.0\nfiles:\n  - url: ${name}\n    sha512: ${sha512}\n    size: ${installer.length}\npath: ${name}\nsha512: ${sha512}\nreleaseDate: '2026-11-01T00:00:00.000Z'\n`,
    );
  });
  after(async () => {
    server?.child.kill('SIGTERM');
    for (const entry of (await store?.list(`${prefix}/`)) ?? []) await store.delete(entry.key);
    store?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes artefacts before manifests, and the suite serves them with Range support', async () => {
    const written = await publishUpdates({ dir, channel: 'beta', store, prefix });
    assert.deepEqual(written, [`${prefix}/beta/${name}`, `${prefix}/beta/${name}.blockmap`, `${prefix}/beta/latest.yml`]);

    server = await startServer({
      KESTREL_DATABASE_URL: db.url,
      KESTREL_HTTP_PORT: '0',
      KESTREL_LOG_LEVEL: 'warn',
      KESTREL_S3_ENDPOINT: requireTestEnv('KESTREL_TEST_S3_ENDPOINT'),
      KESTREL_S3_BUCKET: requireTestEnv('KESTREL_TEST_S3_BUCKET'),
      KESTREL_S3_ACCESS_KEY_ID: requireTestEnv('KESTREL_TEST_S3_ACCESS_KEY'),
      KESTREL_S3_SECRET_ACCESS_KEY: requireTestEnv('KESTREL_TEST_S3_SECRET_KEY'),
      KESTREL_UPDATES_PREFIX: prefix,
      KESTREL_DATA_DIR: dir,
    });
    const latest = parse(await (await fetch(`${server.url}/updates/beta/latest.yml`)).text()) as { version: string; files: Array<{ url: string; sha512: string; size: number }> };
    assert.equal(latest.version, '2.0.0');
    const file = latest.files[0]!;
    const half = Math.floor(file.size / 2);
    const first = await fetch(`${server.url}/updates/beta/${file.url}`, { headers: { range: `bytes=0-${half - 1}` } });
    const second = await fetch(`${server.url}/updates/beta/${file.url}`, { headers: { range: `bytes=${half}-` } });
    assert.equal(first.status, 206);
    assert.equal(second.status, 206);
    assert.equal(second.headers.get('content-range'), `bytes ${half}-${file.size - 1}/${file.size}`);
    const bytes = Buffer.concat([Buffer.from(await first.arrayBuffer()), Buffer.from(await second.arrayBuffer())]);
    assert.equal(createHash('sha512').update(bytes).digest('base64'), file.sha512);
  });

  it('refuses a release whose manifest does not match its files, uploading nothing', async () => {
    const bad = mkdtempSync(path.join(os.tmpdir(), 'kestrel-admin-publish-bad-'));
    try {
      writeFileSync(path.join(bad, name), installer.subarray(1));
      writeFileSync(path.join(bad, 'latest.yml'), `version: 2.0.1\nfiles:\n  - url: ${name}\n    sha512: ${sha512}\n`);
      await assert.rejects(publishUpdates({ dir: bad, channel: 'stable', store, prefix }), { code: 'ADMIN_PUBLISH_INVALID', message: /does not match the sha512/ });
      assert.deepEqual(await store.list(`${prefix}/stable/`), []);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
