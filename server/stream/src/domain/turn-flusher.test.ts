import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TurnFlusher, type Flushable } from './turn-flusher.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('TurnFlusher', () => {
  it('flushes each target once per turn however often it asks, never inside the asking call', async () => {
    const flusher = new TurnFlusher();
    const flushed: string[] = [];
    const a: Flushable = { flush: () => flushed.push('a') };
    const b: Flushable = { flush: () => flushed.push('b') };
    flusher.request(a);
    flusher.request(b);
    flusher.request(a);
    assert.deepEqual(flushed, []);
    await turn();
    assert.deepEqual(flushed, ['a', 'b']);
    flusher.request(b);
    await turn();
    assert.deepEqual(flushed, ['a', 'b', 'b']);
  });

  it('defers a request made during its own flush to the next turn', async () => {
    const flusher = new TurnFlusher();
    let count = 0;
    const target: Flushable = {
      flush: () => {
        count += 1;
        if (count < 3) flusher.request(target);
      },
    };
    flusher.request(target);
    await turn();
    assert.equal(count, 1);
    await turn();
    await turn();
    assert.equal(count, 3);
  });

  it('reports a throwing flush and still flushes the others', async () => {
    const errors: unknown[] = [];
    const flusher = new TurnFlusher((error) => errors.push(error));
    let flushed = false;
    flusher.request({ flush: () => { throw new Error('broken'); } });
    flusher.request({ flush: () => { flushed = true; } });
    await turn();
    assert.equal(flushed, true);
    assert.equal((errors[0] as Error).message, 'broken');
  });
});
