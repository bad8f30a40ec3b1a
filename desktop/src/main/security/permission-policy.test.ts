import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APP_ORIGIN } from '../../common/app-origin.js';
import { allowPermission } from './permission-policy.js';

describe('permission policy', () => {
  it('grants notifications, clipboard writes and fullscreen to app pages only', () => {
    assert.equal(allowPermission('notifications', 'kestrel-app://app/index.html', [APP_ORIGIN]), true);
    assert.equal(allowPermission('clipboard-sanitized-write', 'kestrel-app://app/', [APP_ORIGIN]), true);
    assert.equal(allowPermission('notifications', 'https://evil.example/', [APP_ORIGIN]), false);
  });

  it('refuses device, location and everything unknown', () => {
    for (const permission of ['media', 'geolocation', 'midi', 'midiSysex', 'pointerLock', 'openExternal', 'hid', 'serial', 'usb', 'clipboard-read', 'display-capture']) {
      assert.equal(allowPermission(permission, 'kestrel-app://app/', [APP_ORIGIN]), false, permission);
    }
  });
});
