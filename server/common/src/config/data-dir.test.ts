import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultDataDir } from './data-dir.js';

describe('defaultDataDir', () => {
  it('follows XDG on Linux, ignoring a relative XDG_DATA_HOME', () => {
    assert.equal(defaultDataDir({ platform: 'linux', env: {}, homeDir: '/home/ada', uid: 1000 }), '/home/ada/.local/share/kestrel');
    assert.equal(defaultDataDir({ platform: 'linux', env: { XDG_DATA_HOME: '/data/xdg' }, homeDir: '/home/ada', uid: 1000 }), '/data/xdg/kestrel');
    assert.equal(defaultDataDir({ platform: 'linux', env: { XDG_DATA_HOME: 'rel' }, homeDir: '/home/ada', uid: 1000 }), '/home/ada/.local/share/kestrel');
  });

  it('uses /var/lib/kestrel for root on Linux, where postgres can reach it', () => {
    assert.equal(defaultDataDir({ platform: 'linux', env: { XDG_DATA_HOME: '/root/.xdg' }, homeDir: '/root', uid: 0 }), '/var/lib/kestrel');
  });

  it('uses Application Support on macOS and LOCALAPPDATA on Windows', () => {
    assert.equal(defaultDataDir({ platform: 'darwin', env: {}, homeDir: '/Users/ada', uid: 501 }), '/Users/ada/Library/Application Support/Kestrel');
    assert.equal(defaultDataDir({ platform: 'win32', env: { LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, homeDir: 'C:\\Users\\ada', uid: -1 }), 'C:\\Users\\ada\\AppData\\Local\\Kestrel');
    assert.equal(defaultDataDir({ platform: 'win32', env: {}, homeDir: 'C:\\Users\\ada', uid: -1 }), 'C:\\Users\\ada\\AppData\\Local\\Kestrel');
  });
});
