import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redirectUriMatches } from './redirect-uri.js';

test('loopback redirects match any port; everything else matches exactly', () => {
  const registered = ['http://127.0.0.1/callback', 'http://[::1]/callback', 'https://app.example.com/cb'];
  assert.ok(redirectUriMatches(registered, 'http://127.0.0.1/callback'));
  assert.ok(redirectUriMatches(registered, 'http://127.0.0.1:51234/callback'));
  assert.ok(redirectUriMatches(registered, 'http://[::1]:8765/callback'));
  assert.ok(redirectUriMatches(registered, 'https://app.example.com/cb'));
  assert.ok(!redirectUriMatches(registered, 'https://app.example.com:444/cb'), 'non-loopback port must match');
  assert.ok(!redirectUriMatches(registered, 'http://localhost:5000/callback'), 'localhost is not loopback');
  assert.ok(!redirectUriMatches(registered, 'http://127.0.0.1:5000/other'));
  assert.ok(!redirectUriMatches(registered, 'http://127.0.0.1.evil.com/callback'));
  assert.ok(!redirectUriMatches(registered, 'http://user@127.0.0.1:5000/callback'));
  assert.ok(!redirectUriMatches(registered, 'not a url'));
});
