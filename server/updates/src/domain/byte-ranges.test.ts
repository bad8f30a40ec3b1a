import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_RANGES, contentRange, evaluateRange } from './byte-ranges.js';

describe('evaluateRange', () => {
  it('serves the whole object without a header', () => {
    assert.deepEqual(evaluateRange(undefined, 100), { kind: 'ignore' });
  });

  it('clamps a closed range past the end and keeps open and suffix ranges inside the object', () => {
    assert.deepEqual(evaluateRange('bytes=0-0', 100), { kind: 'ranges', ranges: [{ start: 0, end: 0 }] });
    assert.deepEqual(evaluateRange('bytes=90-200', 100), { kind: 'ranges', ranges: [{ start: 90, end: 99 }] });
    assert.deepEqual(evaluateRange('bytes=95-', 100), { kind: 'ranges', ranges: [{ start: 95, end: 99 }] });
    assert.deepEqual(evaluateRange('bytes=-10', 100), { kind: 'ranges', ranges: [{ start: 90, end: 99 }] });
    assert.deepEqual(evaluateRange('bytes=-500', 100), { kind: 'ranges', ranges: [{ start: 0, end: 99 }] });
  });

  it('keeps multiple ranges in the order asked, dropping only unsatisfiable ones', () => {
    assert.deepEqual(evaluateRange('bytes=50-59, 0-9,200-300', 100), {
      kind: 'ranges',
      ranges: [
        { start: 50, end: 59 },
        { start: 0, end: 9 },
      ],
    });
  });

  it('answers 416 only for well-formed ranges that all miss the object', () => {
    assert.deepEqual(evaluateRange('bytes=100-', 100), { kind: 'unsatisfiable' });
    assert.deepEqual(evaluateRange('bytes=100-200,300-400', 100), { kind: 'unsatisfiable' });
    assert.deepEqual(evaluateRange('bytes=-0', 100), { kind: 'unsatisfiable' });
  });

  it('ignores headers it may ignore: other units, bad syntax, reversed ranges, empty objects, too many ranges', () => {
    for (const header of ['items=0-1', 'bytes=', 'bytes=a-b', 'bytes=5-1', 'bytes=-', 'bytes=1-2-3', 'bytes 0-1']) {
      assert.deepEqual(evaluateRange(header, 100), { kind: 'ignore' }, header);
    }
    assert.deepEqual(evaluateRange('bytes=0-0', 0), { kind: 'ignore' });
    const many = 'bytes=' + Array.from({ length: MAX_RANGES + 1 }, (_, i) => `${i}-${i}`).join(',');
    assert.deepEqual(evaluateRange(many, 10_000), { kind: 'ignore' });
  });

  it('formats Content-Range', () => {
    assert.equal(contentRange({ start: 5, end: 9 }, 10), 'bytes 5-9/10');
  });
});
