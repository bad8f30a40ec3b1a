import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { locateOffline, offlineStatus } from './offline-mode.js';

const mainDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../out/main');

describe('offline mode prerequisites', () => {
  it('finds the checkout CLI and engine addon from the main bundle folder', () => {
    const layout = locateOffline(mainDir, {}, () => '/usr/bin/node');
    assert.match(layout.suiteEntry ?? '', /server\/cli\/bin\/kestrel\.js$/);
    assert.equal(layout.nodeBinary, '/usr/bin/node');
    assert.equal(offlineStatus(layout).available, layout.engineAddon !== null);
  });

  it('says which piece is missing', () => {
    assert.match(offlineStatus({ suiteEntry: null, engineAddon: '/a.node', nodeBinary: 'node' }).reason, /does not include the embedded Kestrel server/);
    assert.match(offlineStatus({ suiteEntry: '/k.js', engineAddon: null, nodeBinary: 'node' }).reason, /npm run build:engine/);
    assert.match(offlineStatus({ suiteEntry: '/k.js', engineAddon: '/a.node', nodeBinary: null }).reason, /KESTREL_NODE/);
    assert.deepEqual(offlineStatus({ suiteEntry: '/k.js', engineAddon: '/a.node', nodeBinary: 'node' }), { available: true, reason: 'The embedded server can start' });
  });

  it('takes the entry and Node.js from the environment when set', () => {
    const layout = locateOffline('/nowhere/out/main', { KESTREL_SUITE_ENTRY: '/opt/kestrel/cli.js', KESTREL_NODE: '/opt/node' }, () => null);
    assert.equal(layout.suiteEntry, '/opt/kestrel/cli.js');
    assert.equal(layout.nodeBinary, '/opt/node');
    assert.equal(layout.engineAddon, null);
  });
});
