// Paging cursors decode only for the query they were issued for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCursor, encodeCursor, queryScope } from './page-cursor.js';

test('a cursor round-trips for its own query and nothing else', () => {
  const scope = queryScope({ symbol: 'ACME', side: 'buy', cursor: 'x', limit: 5 });
  assert.equal(scope, queryScope({ side: 'buy', symbol: 'ACME' }), 'key order, cursor and limit do not matter');
  const cursor = encodeCursor(scope, 41);
  assert.equal(decodeCursor(scope, cursor), 41);
  assert.equal(decodeCursor(queryScope({ symbol: 'OTHER' }), cursor), null);
  assert.equal(decodeCursor(scope, 'not-a-cursor'), null);
  assert.equal(decodeCursor(scope, Buffer.from(JSON.stringify({ v: 1, q: scope, s: -1 })).toString('base64url')), null);
});
