// A service's standalone entry (runService) as a real process against real PostgreSQL: it
// migrates, serves, shuts down on SIGTERM with exit 0, and refuses bad configuration with exit 78
// and one line naming the key.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startChild, type Child } from '../src/testing/child-process.js';
import { createTempDatabase, type TempDatabase } from './temp-database.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const entry = fileURLToPath(new URL('./fixtures/standalone-service.ts', import.meta.url));

function run(env: Record<string, string>): Child {
  return startChild(['--import', 'tsx', entry], { cwd: repoRoot, env });
}

describe('runService', () => {
  let database: TempDatabase;
  const children: Child[] = [];

  before(async () => {
    database = await createTempDatabase();
  });
  after(async () => {
    for (const child of children) child.process.kill('SIGKILL');
    await database?.drop();
  });

  it('migrates, serves with its config section, and exits 0 on SIGTERM', async () => {
    const child = run({ KESTREL_DATABASE_URL: database.url, KESTREL_HTTP_PORT: '0', KESTREL_WIDGETS_LIMIT: '3', KESTREL_LOG_LEVEL: 'info' });
    children.push(child);
    const [, url] = await child.waitFor(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
    const response = await fetch(`${url}/v1/widgets`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { limit: 3, count: 0 });
    child.process.kill('SIGTERM');
    assert.equal(await child.exited, 0);
    assert.match(child.stdout(), /"msg":"shutdown complete"/);
    assert.equal(child.stderr(), '');
  });

  it('exits 78 with one line when the database URL is missing', async () => {
    const child = run({ KESTREL_HTTP_PORT: '0' });
    children.push(child);
    assert.equal(await child.exited, 78);
    assert.equal(child.stderr(), 'config error: KESTREL_DATABASE_URL is required when a service runs on its own (only `kestrel serve` embeds PostgreSQL)\n');
  });

  it('exits 78 naming a malformed service setting', async () => {
    const child = run({ KESTREL_DATABASE_URL: database.url, KESTREL_WIDGETS_LIMIT: 'lots' });
    children.push(child);
    assert.equal(await child.exited, 78);
    assert.equal(child.stderr(), 'config error: KESTREL_WIDGETS_LIMIT must be an integer of at least 1 (got "lots")\n');
    assert.equal(child.stdout(), '');
  });
});
