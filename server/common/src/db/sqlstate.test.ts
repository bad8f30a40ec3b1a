import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDataError } from './sqlstate.js';

test('data exceptions and constraint violations are data errors; connection, lock and unknown failures are not', () => {
  assert.equal(isDataError({ code: '23505' }), true, 'unique violation');
  assert.equal(isDataError({ code: '22P02' }), true, 'invalid text representation');
  assert.equal(isDataError({ code: '40P01' }), false, 'deadlock');
  assert.equal(isDataError({ code: '08006' }), false, 'connection failure');
  assert.equal(isDataError(new Error('socket hang up')), false);
  assert.equal(isDataError(null), false);
  assert.equal(isDataError(undefined), false);
});
