import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeHistoryCursor, encodeHistoryCursor } from './history-cursor.js';

const ID = '3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b';

describe('history cursors', () => {
  it('round-trips the sort key of each list', () => {
    const fills = ['1732500000123456', '1732500000123999', ID];
    assert.deepEqual(decodeHistoryCursor('fills', encodeHistoryCursor('fills', fills)), fills);
    const disposals = ['-62135596800000000', '0', ID, '253402300799999999', '42'];
    assert.deepEqual(decodeHistoryCursor('disposals', encodeHistoryCursor('disposals', disposals)), disposals);
  });

  it('refuses a cursor of another list, garbage, and keys outside the supported instants', () => {
    assert.equal(decodeHistoryCursor('valuations', encodeHistoryCursor('fills', ['1', '2', ID])), null);
    assert.equal(decodeHistoryCursor('fills', 'not-base64-json'), null);
    assert.equal(decodeHistoryCursor('fills', encodeHistoryCursor('fills', ['1', '2', 'x'])), null);
    assert.equal(decodeHistoryCursor('valuations', encodeHistoryCursor('valuations', ['253402300800000000'])), null);
    assert.equal(decodeHistoryCursor('valuations', encodeHistoryCursor('valuations', ['1.5'])), null);
    assert.equal(decodeHistoryCursor('disposals', encodeHistoryCursor('disposals', ['1', '2', ID, '3', '-1'])), null);
    assert.equal(decodeHistoryCursor('valuations', Buffer.from('{"a":1}').toString('base64url')), null);
  });
});
