import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { entityTag, ifRangeAllows, noneMatchHits } from './conditional.js';

const tag = entityTag('0123abcd');
const modified = new Date('2026-01-02T03:04:05.678Z');

describe('conditional requests', () => {
  it('If-None-Match matches the tag (weakly), a list containing it, or *', () => {
    assert.ok(noneMatchHits(tag, tag));
    assert.ok(noneMatchHits(`"x", W/${tag}`, tag));
    assert.ok(noneMatchHits('*', tag));
    assert.ok(!noneMatchHits('"other"', tag));
    assert.ok(!noneMatchHits(undefined, tag));
  });

  it('If-Range needs a strong tag match or the exact Last-Modified second', () => {
    assert.ok(ifRangeAllows(undefined, tag, modified));
    assert.ok(ifRangeAllows(tag, tag, modified));
    assert.ok(!ifRangeAllows(`W/${tag}`, tag, modified));
    assert.ok(!ifRangeAllows('"stale"', tag, modified));
    assert.ok(ifRangeAllows(modified.toUTCString(), tag, modified));
    assert.ok(!ifRangeAllows(new Date(modified.getTime() - 2000).toUTCString(), tag, modified));
    assert.ok(!ifRangeAllows('not a date', tag, modified));
  });
});
