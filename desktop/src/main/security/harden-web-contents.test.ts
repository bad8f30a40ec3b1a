import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APP_ORIGIN } from '../../common/app-origin.js';
import { hardenWebContents, type HardenableContents, type NavigationEvent, type WindowOpenResponse } from './harden-web-contents.js';
import { secureWebPreferences, weakPreferences } from './secure-web-preferences.js';

/** A webContents stand-in that records the listeners the hardening installs. */
function recordingContents() {
  const listeners: Record<string, (event: NavigationEvent) => void> = {};
  let openHandler: ((details: { url: string }) => WindowOpenResponse) | undefined;
  const contents: HardenableContents = {
    onWillNavigate: (listener) => (listeners['navigate'] = listener),
    onWillRedirect: (listener) => (listeners['redirect'] = listener),
    onWillAttachWebview: (listener) => (listeners['webview'] = listener as (event: NavigationEvent) => void),
    setWindowOpenHandler: (handler) => (openHandler = handler),
  };
  const fire = (name: string, url: string) => {
    let prevented = false;
    listeners[name]!({ url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

function harden() {
  const recorded = recordingContents();
  const opened: string[] = [];
  const blocked: string[] = [];
  hardenWebContents(recorded.contents, {
    trustedOrigins: [APP_ORIGIN],
    popoutWindowOptions: () => ({ width: 900, webPreferences: secureWebPreferences('/p.cjs', { devTools: false }) }),
    openExternal: (url) => opened.push(url),
    onBlocked: (kind, url) => blocked.push(`${kind} ${url}`),
  });
  return { ...recorded, opened, blocked };
}

describe('hardenWebContents', () => {
  it('blocks navigation away from the app and opens web links externally', () => {
    const page = harden();
    assert.equal(page.fire('navigate', 'kestrel-app://app/index.html'), false);
    assert.equal(page.fire('navigate', 'https://example.com/'), true);
    assert.deepEqual(page.opened, ['https://example.com/']);
    assert.equal(page.fire('navigate', 'file:///etc/passwd'), true);
    assert.deepEqual(page.blocked, ['navigation file:///etc/passwd']);
  });

  it('blocks redirects off the app without opening them', () => {
    const page = harden();
    assert.equal(page.fire('redirect', 'https://example.com/'), true);
    assert.deepEqual(page.opened, []);
    assert.deepEqual(page.blocked, ['redirect https://example.com/']);
  });

  it('refuses webviews', () => {
    const page = harden();
    assert.equal(page.fire('webview', ''), true);
  });

  it('creates popouts with the locked-down preferences and denies every other window', () => {
    const page = harden();
    const popout = page.open('kestrel-app://app/popout.html');
    assert.equal(popout.action, 'allow');
    assert.ok(popout.action === 'allow');
    assert.deepEqual(weakPreferences(popout.overrideBrowserWindowOptions.webPreferences!), []);
    assert.deepEqual(page.open('https://example.com/x'), { action: 'deny' });
    assert.deepEqual(page.opened, ['https://example.com/x']);
    assert.deepEqual(page.open('javascript:alert(1)'), { action: 'deny' });
    assert.deepEqual(page.open('kestrel-app://app/index.html'), { action: 'deny' });
  });
});

describe('secureWebPreferences', () => {
  it('turns every isolation feature on and node off', () => {
    const preferences = secureWebPreferences('/app/preload.cjs', { devTools: false });
    assert.deepEqual(weakPreferences(preferences), []);
    assert.equal(preferences.preload, '/app/preload.cjs');
    assert.equal(preferences.devTools, false);
  });

  it('reports a weakened preference', () => {
    assert.deepEqual(weakPreferences({ ...secureWebPreferences('/p', { devTools: true }), sandbox: false, nodeIntegration: true }), [
      'sandbox must be true',
      'nodeIntegration must be false',
    ]);
  });
});
