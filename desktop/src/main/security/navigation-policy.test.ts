import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APP_ORIGIN } from '../../common/app-origin.js';
import { decideNavigation, decideWindowOpen } from './navigation-policy.js';

const trusted = [APP_ORIGIN];

describe('navigation policy', () => {
  it('lets the app reload itself and sends web links to the browser', () => {
    assert.deepEqual(decideNavigation('kestrel-app://app/index.html', trusted), { action: 'allow' });
    assert.deepEqual(decideNavigation('https://kestrel.example/docs', trusted), { action: 'external', url: 'https://kestrel.example/docs' });
  });

  it('denies every other navigation', () => {
    for (const url of ['file:///etc/passwd', 'data:text/html,<script>1</script>', 'javascript:void 0', 'about:blank', 'chrome://settings']) {
      assert.deepEqual(decideNavigation(url, trusted), { action: 'deny' }, url);
    }
  });

  it('allows only the popout page as a new window', () => {
    assert.deepEqual(decideWindowOpen('kestrel-app://app/popout.html', trusted), { action: 'allow' });
    assert.deepEqual(decideWindowOpen('kestrel-app://app/index.html', trusted), { action: 'deny' });
    assert.deepEqual(decideWindowOpen('about:blank', trusted), { action: 'deny' });
    assert.deepEqual(decideWindowOpen('https://example.com/', trusted), { action: 'external', url: 'https://example.com/' });
  });
});
