import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APP_ORIGIN } from '../../common/app-origin.js';
import { isPopoutUrl, isSafeExternalUrl, isTrustedAppUrl, originOf } from './url-policy.js';

const trusted = [APP_ORIGIN, 'http://localhost:5173'];

describe('url policy', () => {
  it('compares custom-scheme origins by scheme, host and port', () => {
    assert.equal(originOf('kestrel-app://app/index.html'), 'kestrel-app://app');
    assert.equal(isTrustedAppUrl('kestrel-app://app/index.html?x=1', trusted), true);
    assert.equal(isTrustedAppUrl('kestrel-app://evil/index.html', trusted), false);
    assert.equal(isTrustedAppUrl('http://localhost:5173/', trusted), true);
    assert.equal(isTrustedAppUrl('http://localhost:5174/', trusted), false);
    assert.equal(isTrustedAppUrl('https://localhost:5173/', trusted), false);
    assert.equal(isTrustedAppUrl('file:///etc/passwd', trusted), false);
    assert.equal(isTrustedAppUrl('not a url', trusted), false);
  });

  it('hands only http(s) URLs without credentials to the system browser', () => {
    assert.equal(isSafeExternalUrl('https://example.com/docs?a=1'), true);
    assert.equal(isSafeExternalUrl('http://example.com'), true);
    for (const url of [
      'file:///C:/Windows/system32/calc.exe',
      'javascript:alert(1)',
      'smb://share/x',
      'ms-msdt:/id',
      'kestrel-app://app/',
      'https://user:pass@example.com/',
      'https://user@example.com/',
      `https://example.com/${'a'.repeat(3000)}`,
      'https://',
      '',
    ]) {
      assert.equal(isSafeExternalUrl(url), false, url);
    }
  });

  it('recognises the popout page only on a trusted origin', () => {
    assert.equal(isPopoutUrl('kestrel-app://app/popout.html', trusted), true);
    assert.equal(isPopoutUrl('kestrel-app://app/index.html', trusted), false);
    assert.equal(isPopoutUrl('https://evil.example/popout.html', trusted), false);
  });
});
