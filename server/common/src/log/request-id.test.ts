import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestIdFrom } from './request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it('honours a safe incoming id', () => {
    assert.equal(requestIdFrom('abc-123.def:9_x'), 'abc-123.def:9_x');
    assert.equal(requestIdFrom(['first', 'second']), 'first');
  });

  it('replaces a missing, oversized or unsafe id with a UUID', () => {
    for (const value of [undefined, '', 'x'.repeat(129), 'has space', 'line\nbreak', '{"json":1}']) {
      assert.match(requestIdFrom(value), UUID, JSON.stringify(value));
    }
    assert.notEqual(requestIdFrom(undefined), requestIdFrom(undefined));
  });
});
