import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { META_CONNECT_SOURCES, buildContentSecurityPolicy, cspDirectives, suiteConnectOrigins } from '../../common/content-security-policy.js';

const directives = (policy: string) => new Map(policy.split('; ').map((part) => [part.split(' ')[0], part.split(' ').slice(1)]));

describe('content security policy', () => {
  it('allows only same-origin scripts, no eval, no plugins, no framing', () => {
    const policy = directives(buildContentSecurityPolicy({ header: true, connectOrigins: suiteConnectOrigins('https://kestrel.example:8443') }));
    assert.deepEqual(policy.get('script-src'), ["'self'"]);
    assert.deepEqual(policy.get('style-src'), ["'self'"]);
    assert.deepEqual(policy.get('object-src'), ["'none'"]);
    assert.deepEqual(policy.get('frame-ancestors'), ["'none'"]);
    assert.deepEqual(policy.get('base-uri'), ["'none'"]);
    assert.deepEqual(policy.get('connect-src'), ["'self'", 'https://kestrel.example:8443', 'wss://kestrel.example:8443']);
    assert.ok(![...policy.values()].flat().some((source) => source.includes('unsafe-eval')));
  });

  it('derives ws: for a plain-http loopback suite', () => {
    assert.deepEqual(suiteConnectOrigins('http://127.0.0.1:8080/kestrel'), ['http://127.0.0.1:8080', 'ws://127.0.0.1:8080']);
  });

  it('keeps the index.html meta tag equal to the built baseline policy', () => {
    for (const page of ['index.html']) {
      const html = readFileSync(new URL(`../../renderer/${page}`, import.meta.url), 'utf8');
      const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
      assert.equal(meta, buildContentSecurityPolicy({ connectOrigins: META_CONNECT_SOURCES }));
    }
  });

  it('has no frame-ancestors in the meta form (browsers ignore it there)', () => {
    assert.ok(!cspDirectives().some(([name]) => name === 'frame-ancestors'));
  });
});
