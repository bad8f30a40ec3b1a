import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prefersRespondAsync } from './prefer.js';

test('respond-async is found among other preferences, in any case, with or without parameters', () => {
  assert.equal(prefersRespondAsync('respond-async'), true);
  assert.equal(prefersRespondAsync('Respond-Async'), true);
  assert.equal(prefersRespondAsync('return=minimal, respond-async'), true);
  assert.equal(prefersRespondAsync('  respond-async ; foo=bar, wait=10'), true);
  assert.equal(prefersRespondAsync(['wait=10', 'respond-async']), true);
});

test('absent, other preferences, or a look-alike are not respond-async', () => {
  assert.equal(prefersRespondAsync(undefined), false);
  assert.equal(prefersRespondAsync(''), false);
  assert.equal(prefersRespondAsync('wait=10, return=representation'), false);
  assert.equal(prefersRespondAsync('respond-asynchronously'), false);
  assert.equal(prefersRespondAsync('foo=respond-async'), false);
  assert.equal(prefersRespondAsync([]), false);
});
