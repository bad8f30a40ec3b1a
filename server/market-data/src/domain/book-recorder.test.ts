import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BookDeltaEvent, BookSnapshotEvent } from '@kestrel/shared';
import { BookRecorder } from './book-recorder.js';

const snapshot: BookSnapshotEvent = { kind: 'book-snapshot', symbol: 'X', source: 's', timeMicros: 1, bids: [[10, 1]], asks: [[11, 1]], updateId: '5', depthLimit: 10 };
const delta = (time: number, price: number, quantity: number): BookDeltaEvent => ({ kind: 'book-delta', symbol: 'X', source: 's', timeMicros: time, bids: [[price, quantity]], asks: [], updateId: String(time) });

describe('BookRecorder', () => {
  it('produces the full book every N deltas after a snapshot', () => {
    const recorder = new BookRecorder(3);
    recorder.snapshot(snapshot);
    assert.equal(recorder.delta(delta(2, 9, 4)), null);
    assert.equal(recorder.delta(delta(3, 10, 0)), null);
    const due = recorder.delta(delta(4, 8, 2));
    assert.deepEqual(due, { kind: 'book-snapshot', symbol: 'X', source: 's', timeMicros: 4, bids: [[9, 4], [8, 2]], asks: [[11, 1]], updateId: '4', depthLimit: 10 });
    assert.equal(recorder.delta(delta(5, 8, 3)), null, 'the count starts over');
  });

  it('never invents a snapshot for a book it has not seen whole, or after forget()', () => {
    const recorder = new BookRecorder(1);
    assert.equal(recorder.delta(delta(1, 9, 4)), null);
    recorder.snapshot(snapshot);
    recorder.forget('X', 's');
    assert.equal(recorder.delta(delta(2, 9, 4)), null);
    assert.throws(() => new BookRecorder(0), RangeError);
  });
});
