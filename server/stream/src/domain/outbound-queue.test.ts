import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OutboundQueue, type FlushRequester, type OutboundMessage, type OutboundSocket, type SequencedSubscription } from './outbound-queue.js';
import type { Flushable } from './turn-flusher.js';

/** A socket whose buffer the test fills and drains by hand, recording messages and writes. */
class ManualSocket implements OutboundSocket {
  bufferedAmount = 0;
  /** Written bytes stay in bufferedAmount while `filling` (a client that does not read). */
  filling = false;
  readonly frames: Record<string, unknown>[] = [];
  /** Messages per write (one entry per flush that wrote). */
  readonly writes: number[] = [];
  readonly #callbacks: (() => void)[] = [];
  sendMessages(messages: readonly OutboundMessage[], written?: () => void): void {
    this.writes.push(messages.length);
    for (const message of messages) {
      const text = message.map((part) => (typeof part === 'string' ? part : Buffer.from(part).toString())).join('');
      this.frames.push(JSON.parse(text) as Record<string, unknown>);
      if (this.filling) this.bufferedAmount += Buffer.byteLength(text);
    }
    if (written) this.#callbacks.push(written);
  }
  /** Writes one frame while empty (so a write callback is pending), then reports a full buffer. */
  fill(queue: OutboundQueue, flusher: ManualFlusher): void {
    queue.control(JSON.stringify({ type: 'pong' }));
    flusher.turn();
    this.frames.length = 0;
    this.bufferedAmount = 1000;
  }
  /** Empties the buffer and runs the write callbacks, as a socket that flushed would. */
  drain(): void {
    this.bufferedAmount = 0;
    for (const callback of this.#callbacks.splice(0)) callback();
  }
}

/** Runs flushes when the test says so (the service's TurnFlusher runs them once per turn). */
class ManualFlusher implements FlushRequester {
  readonly #due = new Set<Flushable>();
  request(target: Flushable): void {
    this.#due.add(target);
  }
  /** One "turn": flushes everything that asked. */
  turn(): void {
    const due = [...this.#due];
    this.#due.clear();
    for (const target of due) target.flush();
  }
}

const subscription = (id: string): SequencedSubscription => ({ id, nextSeq: 1, active: true });
const quote = (bid: number) => ({ kind: 'quote', bid });

function setup(options: { highWaterBytes?: number; maxQueued?: number; onOverflow?: () => void } = {}) {
  const socket = new ManualSocket();
  const flusher = new ManualFlusher();
  const queue = new OutboundQueue(socket, {
    highWaterBytes: options.highWaterBytes ?? 100,
    maxQueued: options.maxQueued ?? 10,
    onOverflow: options.onOverflow ?? (() => assert.fail('no overflow')),
    flusher,
    pollMs: 60_000,
  });
  return { socket, flusher, queue };
}

describe('OutboundQueue', () => {
  it("writes a turn's frames in one write, unmerged, while the socket is below the high-water mark", () => {
    const { socket, flusher, queue } = setup({ highWaterBytes: 10_000 });
    const sub = subscription('q');
    queue.delta(sub, 'quote:A', quote(1), null);
    queue.delta(sub, 'quote:A', quote(2), null);
    queue.control(JSON.stringify({ type: 'pong' }));
    assert.deepEqual(socket.frames, [], 'nothing is written inside the fan-out call');
    flusher.turn();
    assert.deepEqual(socket.frames, [
      { type: 'delta', id: 'q', seq: 1, data: quote(1) },
      { type: 'delta', id: 'q', seq: 2, data: quote(2) },
      { type: 'pong' },
    ]);
    assert.deepEqual(socket.writes, [3], 'one write for the three frames');
    queue.delta(sub, 'quote:A', quote(3), Buffer.from('{"kind":"quote","bid":3}'));
    flusher.turn();
    assert.deepEqual(socket.frames.at(-1), { type: 'delta', id: 'q', seq: 3, data: quote(3) });
    assert.deepEqual(socket.writes, [3, 1]);
    queue.close();
  });

  it('conflates by key while the socket is full and numbers the frames when they are written', () => {
    const { socket, flusher, queue } = setup();
    const sub = subscription('q');
    socket.fill(queue, flusher);
    for (let bid = 1; bid <= 50; bid++) {
      queue.delta(sub, 'quote:A', quote(bid), null);
      if (bid % 10 === 0) flusher.turn();
    }
    queue.delta(sub, 'quote:B', quote(7), null);
    flusher.turn();
    assert.equal(queue.size, 2);
    assert.equal(socket.frames.length, 0);
    socket.drain();
    flusher.turn();
    assert.deepEqual(socket.frames, [
      { type: 'delta', id: 'q', seq: 1, conflated: 50, data: quote(50) },
      { type: 'delta', id: 'q', seq: 2, data: quote(7) },
    ]);
    assert.equal(queue.conflatedCount, 49);
    queue.close();
  });

  it('merges what is left of a turn once the socket fills up during the write', () => {
    const { socket, flusher, queue } = setup({ highWaterBytes: 60 });
    socket.filling = true;
    const sub = subscription('q');
    for (let bid = 1; bid <= 20; bid++) queue.delta(sub, 'quote:A', quote(bid), null);
    flusher.turn();
    // The first frame filled the buffer; the 19 others became one.
    assert.equal(socket.frames.length, 1);
    assert.equal(queue.size, 1);
    socket.filling = false;
    socket.drain();
    flusher.turn();
    assert.deepEqual(socket.frames, [
      { type: 'delta', id: 'q', seq: 1, data: quote(1) },
      { type: 'delta', id: 'q', seq: 2, conflated: 19, data: quote(20) },
    ]);
    queue.close();
  });

  it('keeps control frames in order with queued deltas', () => {
    const { socket, flusher, queue } = setup();
    const sub = subscription('t');
    socket.fill(queue, flusher);
    queue.delta(sub, null, { n: 1 }, null);
    queue.control(JSON.stringify({ type: 'pong' }));
    queue.delta(sub, null, { n: 2 }, Buffer.from('{"n":2}'));
    flusher.turn();
    socket.drain();
    flusher.turn();
    assert.deepEqual(socket.frames.map((frame) => frame.type === 'delta' ? frame.seq : frame.type), [1, 'pong', 2]);
    queue.close();
  });

  it('restarts draining from the write callback once the socket has room', () => {
    const { socket, flusher, queue } = setup({ highWaterBytes: 60 });
    socket.filling = true;
    const sub = subscription('t');
    for (let n = 0; n < 4; n++) queue.delta(sub, null, { n }, null);
    flusher.turn();
    assert.ok(socket.frames.length < 4 && queue.size > 0, 'the buffer filled up');
    socket.filling = false;
    socket.drain(); // runs the write callback, which asks for a flush
    flusher.turn();
    assert.deepEqual(socket.frames.map((frame) => (frame.data as { n: number }).n), [0, 1, 2, 3]);
    assert.equal(queue.size, 0);
    queue.close();
  });

  it('gives up once when more than maxQueued frames wait for a blocked socket, drops them, and holds at most that many', () => {
    let overflows = 0;
    const { socket, flusher, queue } = setup({ maxQueued: 5, onOverflow: () => overflows++ });
    const sub = subscription('t');
    socket.fill(queue, flusher);
    let largest = 0;
    for (let n = 0; n < 20; n++) {
      queue.delta(sub, null, { n }, null);
      largest = Math.max(largest, queue.size);
      flusher.turn();
    }
    assert.equal(overflows, 1);
    assert.equal(queue.size, 0);
    assert.ok(largest <= 6, `at most maxQueued + 1 frames were ever held (${largest})`);
    socket.drain();
    flusher.turn();
    assert.equal(socket.frames.length, 0);
  });

  it('never merges trades: a blocked client receiving only trades overflows', () => {
    let overflows = 0;
    const { socket, flusher, queue } = setup({ maxQueued: 5, onOverflow: () => overflows++ });
    socket.fill(queue, flusher);
    for (let n = 0; n < 10; n++) queue.delta(subscription('t'), null, { n }, null);
    flusher.turn();
    assert.equal(overflows, 1);
    assert.equal(queue.conflatedCount, 0);
  });

  it('drops queued frames of a subscription that ended', () => {
    const { socket, flusher, queue } = setup();
    const ended = subscription('a');
    const live = subscription('b');
    socket.fill(queue, flusher);
    queue.delta(ended, null, { n: 1 }, null);
    queue.delta(live, null, { n: 2 }, null);
    flusher.turn();
    ended.active = false;
    socket.drain();
    flusher.turn();
    assert.deepEqual(socket.frames, [{ type: 'delta', id: 'b', seq: 1, data: { n: 2 } }]);
    queue.close();
  });
});
