import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultBindings } from '../hotkeys/hotkey-registry.js';
import { DEFAULT_CONFIRMATIONS, readPreferences } from './preferences-store.js';

describe('readPreferences', () => {
  it('gives defaults for an empty document', () => {
    assert.deepEqual(readPreferences({}, 'light'), { theme: 'light', hotkeys: defaultBindings(), confirmations: DEFAULT_CONFIRMATIONS, lastWorkspace: null, alerts: [] });
  });

  it('reads valid values and ignores invalid ones', () => {
    const preferences = readPreferences(
      { theme: 'dark', hotkeys: { 'workspace.save': 'alt+s' }, confirmations: { always: false, aboveNotionalMinor: 1_000_000, marketOrders: 'yes' }, lastWorkspace: 'Day', other: 1 },
      'light',
    );
    assert.equal(preferences.theme, 'dark');
    assert.equal(preferences.hotkeys['workspace.save'], 'Alt+S');
    assert.deepEqual(preferences.confirmations, { always: false, aboveNotionalMinor: 1_000_000, marketOrders: true });
    assert.equal(preferences.lastWorkspace, 'Day');
    assert.equal(readPreferences({ theme: 'neon', confirmations: { aboveNotionalMinor: -5 } }, 'dark').confirmations.aboveNotionalMinor, 0);
  });
});
