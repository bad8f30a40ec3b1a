// The offline half of the repository: the server is unreachable (a closed loopback port), so the
// HTTP client fails with NETWORK_UNAVAILABLE exactly as in the field. The online half runs against
// a real suite in desktop/e2e/workspaces.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpClient } from '../../api/http-client.js';
import { UserApi } from '../../api/user-api.js';
import { parseWorkspaceDocument, type WorkspaceDocument } from './workspace-document.js';
import { WorkspaceRepository } from './workspace-repository.js';

function memoryStorage() {
  const values = new Map<string, string>();
  return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value), values };
}

const document: WorkspaceDocument = { version: 1, dock: { grid: {}, panels: {} }, linkGroups: { red: 'AAPL' } };
const unreachable = () => new UserApi(new HttpClient('http://127.0.0.1:1'));

describe('workspace document', () => {
  it('accepts a versioned layout and drops bad link symbols', () => {
    const parsed = parseWorkspaceDocument({ version: 1, dock: { grid: {} }, linkGroups: { red: 'AAPL', blue: 'bad symbol', green: 7 } });
    assert.deepEqual(parsed, { ok: true, document: { version: 1, dock: { grid: {} }, linkGroups: { red: 'AAPL' } } });
  });

  it('refuses anything else with a reason', () => {
    assert.deepEqual(parseWorkspaceDocument(null), { ok: false, reason: 'the layout is not an object' });
    assert.deepEqual(parseWorkspaceDocument({ version: 2, dock: { grid: {} } }), { ok: false, reason: 'unsupported layout version 2' });
    assert.deepEqual(parseWorkspaceDocument({ version: 1, dock: {} }), { ok: false, reason: 'the layout has no dock grid' });
  });
});

describe('workspace repository offline', () => {
  it('keeps a workspace saved while offline as pending and lists it from the mirror', async () => {
    const storage = memoryStorage();
    const repository = new WorkspaceRepository(unreachable(), storage, 'u1', () => 'local-1');
    const saved = await repository.save('Morning', document);
    assert.equal(saved.pending, 'save');
    assert.equal(saved.serverId, null);
    const list = await repository.list();
    assert.equal(list.offline, true);
    assert.deepEqual(list.records.map((record) => [record.name, record.pending]), [['Morning', 'save']]);
    assert.equal(await repository.sync(), 0);
  });

  it('keeps deletions of server workspaces as pending tombstones, hidden from the list', async () => {
    const storage = memoryStorage();
    storage.setItem('kestrel.workspaces.u1', JSON.stringify([{ localId: 's1', serverId: 's1', name: 'Old', document, updatedAt: '2026-01-01T00:00:00.000Z', pending: 'none' }]));
    const repository = new WorkspaceRepository(unreachable(), storage, 'u1');
    const [record] = (await repository.list()).records;
    await repository.remove(record!);
    assert.deepEqual((await repository.list()).records, []);
    assert.equal(repository.mirror()[0]?.pending, 'delete');
  });

  it('keeps each user apart and survives a corrupt mirror', async () => {
    const storage = memoryStorage();
    storage.setItem('kestrel.workspaces.u2', 'not json');
    assert.deepEqual(new WorkspaceRepository(unreachable(), storage, 'u2').mirror(), []);
    await new WorkspaceRepository(unreachable(), storage, 'u1').save('A', document);
    assert.deepEqual(new WorkspaceRepository(unreachable(), storage, 'u2').mirror(), []);
  });
});
