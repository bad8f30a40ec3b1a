import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { offlineStatus } from './offline-mode.js';

describe('offlineStatus', () => {
  it('is unavailable without a bundled suite', async () => {
    const status = await offlineStatus({ loadEngine: async () => ({}), bundledSuiteEntry: null });
    assert.equal(status.available, false);
    assert.match(status.reason, /embedded Kestrel server/);
  });

  it('is unavailable when the engine binding does not load', async () => {
    const status = await offlineStatus({ loadEngine: () => Promise.reject(new Error('kestrel_engine.node not found')), bundledSuiteEntry: '/app/suite.js' });
    assert.deepEqual(status, { available: false, reason: 'The engine binding could not be loaded: kestrel_engine.node not found' });
  });

  it('is available when both are present', async () => {
    assert.equal((await offlineStatus({ loadEngine: async () => ({}), bundledSuiteEntry: '/app/suite.js' })).available, true);
  });
});
