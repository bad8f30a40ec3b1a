import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildLadder, ladderCentre } from './ladder-model.js';

const book = { bids: [[10000, 300], [9998, 100]] as Array<[number, number]>, asks: [[10002, 200], [10005, 50]] as Array<[number, number]> };

describe('ladder model', () => {
  it('centres on the mid, else the one side, else the fallback', () => {
    assert.equal(ladderCentre(book, null), 10001);
    assert.equal(ladderCentre({ bids: book.bids, asks: [] }, null), 10000);
    assert.equal(ladderCentre({ bids: [], asks: [] }, 42), 42);
    assert.equal(ladderCentre(null, null), null);
  });

  it('lays out a fixed tick grid with sizes, best levels and own working quantity', () => {
    const rows = buildLadder(book, 10001, 8, new Map([[9998, { buy: 25, sell: 0 }]]));
    assert.deepEqual(
      rows.map((row) => row.priceTicks),
      [10005, 10004, 10003, 10002, 10001, 10000, 9999, 9998],
    );
    assert.deepEqual(rows[0], { priceTicks: 10005, bidSize: null, askSize: 50, myBuy: 0, mySell: 0, best: null });
    assert.equal(rows[3]!.best, 'ask');
    assert.equal(rows[5]!.best, 'bid');
    assert.equal(rows[5]!.bidSize, 300);
    assert.equal(rows[7]!.myBuy, 25);
    assert.equal(rows[6]!.bidSize, null);
  });

  it('stops at the lowest valid price', () => {
    assert.deepEqual(
      buildLadder(null, 2, 10, new Map()).map((row) => row.priceTicks),
      [7, 6, 5, 4, 3, 2, 1],
    );
  });
});
