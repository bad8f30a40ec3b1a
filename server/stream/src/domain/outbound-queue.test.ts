import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OutboundQueue, type OutboundSocket, type SequencedSubscription } from './outbound-queue.js';

/** A socket whose buffer the test fills and drains by hand, recording what was written. */
class ManualSocket implements OutboundSocket {
  bufferedAmount = 0;
  readonly frames: Record<string, unknown>[] = [];
  readonly #callbacks: (() => void)[] = [];
  send(frame: string, written?: () => void): void {
    this.frames.push(JSON.parse(frame) as Record<string, unknown>);
    if (written) this.#callbacks.push(written);
  }
  /** Empties the buffer and runs the write callbacks, as a socket that flushed would. */
  flush(): void {
    this.bufferedAmount = 0;
    for (const callback of this.#callbacks.splice(0)) callback();
  }

  /** Writes one frame while empty (so a write callback is pending), then reports a full buffer. */
  fill(queue: OutboundQueue): void {
    queue.control(JSON.stringify({ type: 'pong' }));
    this.frames.length = 0;
    this.bufferedAmount = 1000;
  }
}

const subscription = (id: string): SequencedSubscription => ({ id, nextSeq: 1, active: true });
const quote = (bid: number) => ({ kind: 'quote', bid });

describe('OutboundQueue', () => {
  it('writes straight through while the socket is below the high-water mark', () => {
    const socket = new ManualSocket();
    const queue = new OutboundQueue(socket, { highWaterBytes: 100, maxQueued: 10, onOverflow: () => assert.fail('no overflow') });
    const sub = subscription('q');
    queue.delta(sub, 'quote:A', quote(1), null);
    queue.delta(sub, 'quote:A', quote(2), null);
    assert.deepEqual(socket.frames, [
      { type: 'delta', id: 'q', seq: 1, data: quote(1) },
      { type: 'delta', id: 'q', seq: 2, data: quote(2) },
    ]);
    queue.close();
  });

  it('conflates by key while the socket is full and numbers the frames when they are written', () => {
    const socket = new ManualSocket();
    const queue = new OutboundQueue(socket, { highWaterBytes: 100, maxQueued: 10, onOverflow: () => assert.fail('no overflow') });
    const sub = subscription('q');
    socket.fill(queue);
    for (let bid = 1; bid <= 50; bid++) queue.delta(sub, 'quote:A', quote(bid), null);
    queue.delta(sub, 'quote:B', quote(7), null);
    assert.equal(queue.size, 2);
    assert.equal(socket.frames.length, 0);
    socket.flush();
    assert.deepEqual(socket.frames, [
      { type: 'delta', id: 'q', seq: 1, conflated: 50, data: quote(50) },
      { type: 'delta', id: 'q', seq: 2, data: quote(7) },
    ]);
    assert.equal(queue.conflatedCount, 49);
    queue.close();
  });

  it('keeps control frames in order with queued deltas', () => {
    const socket = new ManualSocket();
    const queue = new OutboundQueue(socket, { highWaterBytes: 100, maxQueued: 10, onOverflow: () => assert.fail('no overflow') });
    const sub = subscription('t');
    socket.fill(queue);
    queue.delta(sub, null, { n: 1 }, null);
    queue.control(JSON.stringify({ type: 'pong' }));
    queue.delta(sub, null, { n: 2 }, '{"n":2}');
    socket.flush();
    assert.deepEqual(socket.frames.map((frame) => frame.type === 'delta' ? frame.seq : frame.type), [1, 'pong', 2]);
    queue.close();
  });

  it('gives up once when more than maxQueued frames wait, and drops them', () => {
    const socket = new ManualSocket();
    let overflows = 0;
    const queue = new OutboundQueue(socket, { highWaterBytes: 100, maxQueued: 5, onOverflow: () => overflows++ });
    const sub = subscription('t');
    socket.bufferedAmount = 1000;
    for (let n = 0; n < 20; n++) queue.delta(sub, null, { n }, null);
    assert.equal(overflows, 1);
    assert.equal(queue.size, 0);
    socket.flush();
    assert.equal(socket.frames.length, 0);
  });

  it('drops queued frames of a subscription that ended', () => {
    const socket = new ManualSocket();
    const queue = new OutboundQueue(socket, { highWaterBytes: 100, maxQueued: 10, onOverflow: () => assert.fail('no overflow') });
    const ended = subscription('a');
    const live = subscription('b');
    socket.fill(queue);
    queue.delta(ended, null, { n: 1 }, null);
    queue.delta(live, null, { n: 2 }, null);
    ended.active = false;
    socket.flush();
    assert.deepEqual(socket.frames, [{ type: 'delta', id: 'b', seq: 1, data: { n: 2 } }]);
    queue.close();
  });
});
