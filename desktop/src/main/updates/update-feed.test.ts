import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection } from '../../common/ipc-contract.js';
import { checkForUpdates, updateFeedUrl, type UpdaterPort } from './update-feed.js';

const remote: Connection = { mode: 'remote', serverUrl: 'https://k.example/suite', streamUrl: null, updateChannel: 'beta' };

function updater(result: { version: string } | Error, currentVersion = '1.0.0') {
  const feeds: unknown[] = [];
  const port: UpdaterPort = {
    setFeedURL: (options) => feeds.push(options),
    checkForUpdates: async () => {
      if (result instanceof Error) throw result;
      return { updateInfo: result };
    },
    currentVersion,
  };
  return { port, feeds };
}

describe('update feed', () => {
  it('points electron-updater at <suite>/updates/<channel> with the generic provider', async () => {
    assert.equal(updateFeedUrl('https://k.example/', 'stable'), 'https://k.example/updates/stable');
    const { port, feeds } = updater({ version: '1.1.0' });
    const status = await checkForUpdates(port, remote, true);
    assert.deepEqual(feeds, [{ provider: 'generic', url: 'https://k.example/suite/updates/beta' }]);
    assert.deepEqual(status, { state: 'available', feedUrl: 'https://k.example/suite/updates/beta', version: '1.1.0', message: null });
  });

  it('reports not-available for the running version and errors as values', async () => {
    assert.equal((await checkForUpdates(updater({ version: '1.0.0' }).port, remote, true)).state, 'not-available');
    const failed = await checkForUpdates(updater(new Error('404 latest.yml')).port, remote, true);
    assert.equal(failed.state, 'error');
    assert.equal(failed.message, '404 latest.yml');
  });

  it('is disabled in development builds and offline', async () => {
    const { port, feeds } = updater({ version: '2.0.0' });
    assert.equal((await checkForUpdates(port, remote, false)).state, 'disabled');
    assert.equal((await checkForUpdates(port, { ...remote, mode: 'offline' }, true)).state, 'disabled');
    assert.equal((await checkForUpdates(null, remote, true)).state, 'disabled');
    assert.deepEqual(feeds, []);
  });
});
