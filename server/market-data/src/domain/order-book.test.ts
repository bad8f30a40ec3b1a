import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { L2Book } from './order-book.js';

describe('L2Book', () => {
  it('keeps levels best first and applies absolute-quantity deltas (0 removes)', () => {
    const book = new L2Book();
    book.applySnapshot(
      [
        [99, 5],
        [101, 1],
        [100, 2],
      ],
      [
        [105, 3],
        [103, 4],
      ],
    );
    assert.deepEqual(book.levels('bids'), [
      [101, 1],
      [100, 2],
      [99, 5],
    ]);
    assert.deepEqual(book.levels('asks', 1), [[103, 4]]);
    book.applyDelta(
      [
        [101, 0],
        [98, 7],
      ],
      [[103, 9]],
    );
    assert.deepEqual(book.levels('bids'), [
      [100, 2],
      [99, 5],
      [98, 7],
    ]);
    assert.deepEqual(book.levels('asks'), [
      [103, 9],
      [105, 3],
    ]);
    assert.equal(book.crossed, false);
  });

  it('accepts the removal of a level it does not have (the venues say this is normal)', () => {
    const book = new L2Book();
    book.applyDelta([[50, 0]], []);
    assert.equal(book.size('bids'), 0);
  });

  it('reports, but does not correct, a crossed book', () => {
    const book = new L2Book();
    book.applySnapshot([[105, 1]], [[104, 1]]);
    assert.equal(book.crossed, true);
  });

  it('a snapshot replaces everything before it', () => {
    const book = new L2Book();
    book.applySnapshot([[1, 1]], [[2, 1]]);
    book.applySnapshot([], [[3, 1]]);
    assert.deepEqual(book.levels('bids'), []);
    assert.deepEqual(book.levels('asks'), [[3, 1]]);
  });
});
