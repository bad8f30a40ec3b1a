import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCursor, encodeCursor } from './keyset-cursor.js';

describe('keyset cursors', () => {
  it('round-trips the key of the last row', () => {
    const cursor = encodeCursor('trades:AAPL::asc', { timeMicros: 1_700_000_000_123_456, seq: 42 });
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeCursor('trades:AAPL::asc', cursor), { timeMicros: 1_700_000_000_123_456, seq: 42 });
  });

  it('refuses a cursor of another query or a forged one', () => {
    const cursor = encodeCursor('trades:AAPL::asc', { timeMicros: 1, seq: 1 });
    assert.throws(() => decodeCursor('trades:AAPL::desc', cursor), { code: 'MARKET_CURSOR_INVALID' });
    assert.throws(() => decodeCursor('trades:AAPL::asc', 'bm90IGpzb24'), { code: 'MARKET_CURSOR_INVALID' });
    const forged = Buffer.from(JSON.stringify({ v: 1, scope: 'trades:AAPL::asc', t: 1.5, s: 1 })).toString('base64url');
    assert.throws(() => decodeCursor('trades:AAPL::asc', forged), { code: 'MARKET_CURSOR_INVALID' });
  });
});
