import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CursorKey } from './keyset-cursor.js';
import { ReplaySession, type ReplayItem, type ReplaySource } from './replay-session.js';
import { ManualScheduler } from './scheduler.js';

const S = 1_000_000;
const T0 = 1_700_000_000 * S;

/** Stored items at the given offsets (seconds), read in pages like the history store does. */
function source(offsetsSeconds: number[]): ReplaySource<number> & { reads: number } {
  const items: ReplayItem<number>[] = offsetsSeconds.map((offset, i) => ({ key: { timeMicros: T0 + offset * S, seq: i }, value: i }));
  const after = (a: CursorKey, b: CursorKey) => a.timeMicros > b.timeMicros || (a.timeMicros === b.timeMicros && a.seq > b.seq);
  const result = {
    reads: 0,
    async read(range: { fromMicros: number; toMicros: number; after: CursorKey | null; limit: number }) {
      result.reads++;
      return items
        .filter((item) => item.key.timeMicros >= range.fromMicros && item.key.timeMicros < range.toMicros && (range.after === null || after(item.key, range.after)))
        .slice(0, range.limit);
    },
  };
  return result;
}

function recorder() {
  const emitted: { at: number; items: number[] }[] = [];
  return { emitted, all: () => emitted.flatMap((batch) => batch.items) };
}

describe('ReplaySession', () => {
  it('at 1x emits each item when the replay clock reaches its time', async () => {
    const clock = new ManualScheduler(0);
    const out = recorder();
    const replay = new ReplaySession<number>({
      source: source([0, 1, 1, 5]),
      emit: async (items) => void out.emitted.push({ at: clock.now(), items: [...items] }),
      scheduler: clock,
      fromMicros: T0,
      toMicros: T0 + 10 * S,
    });
    replay.play();
    await clock.advance(0);
    assert.deepEqual(out.emitted, [{ at: 0, items: [0] }]);
    await clock.advance(999);
    assert.equal(out.all().length, 1, 'not yet at 1 s');
    await clock.advance(1);
    assert.deepEqual(out.emitted[1], { at: 1000, items: [1, 2] }, 'ties go out together');
    await clock.advance(4000);
    assert.deepEqual(out.all(), [0, 1, 2, 3]);
    await clock.advance(10_000);
    assert.equal(replay.status().state, 'finished');
    assert.equal(replay.status().positionMicros, T0 + 10 * S);
  });

  it('at 10x runs ten times faster, and speed changes keep the replay clock where it was', async () => {
    const clock = new ManualScheduler(0);
    const out = recorder();
    const replay = new ReplaySession<number>({
      source: source([0, 10, 20, 30]),
      emit: async (items) => void out.emitted.push({ at: clock.now(), items: [...items] }),
      scheduler: clock,
      fromMicros: T0,
      toMicros: T0 + 60 * S,
      speed: 10,
    });
    replay.play();
    await clock.advance(1000);
    assert.deepEqual(out.all(), [0, 1]);
    assert.equal(out.emitted[1]!.at, 1000);
    replay.setSpeed(1);
    assert.equal(replay.status().positionMicros, T0 + 10 * S);
    await clock.advance(9_999);
    assert.deepEqual(out.all(), [0, 1]);
    await clock.advance(1);
    assert.deepEqual(out.all(), [0, 1, 2]);
  });

  it('pauses (clock stands still) and resumes where it stopped', async () => {
    const clock = new ManualScheduler(0);
    const out = recorder();
    const replay = new ReplaySession<number>({
      source: source([0, 2, 4]),
      emit: async (items) => void out.emitted.push({ at: clock.now(), items: [...items] }),
      scheduler: clock,
      fromMicros: T0,
      toMicros: T0 + 10 * S,
    });
    replay.play();
    await clock.advance(1000);
    replay.pause();
    assert.equal(replay.status().positionMicros, T0 + 1 * S);
    await clock.advance(60_000);
    assert.deepEqual(out.all(), [0], 'nothing while paused');
    replay.play();
    await clock.advance(999);
    assert.deepEqual(out.all(), [0]);
    await clock.advance(1);
    assert.deepEqual(out.all(), [0, 1]);
  });

  it('seeks forward and backward, replaying from the sought time', async () => {
    const clock = new ManualScheduler(0);
    const out = recorder();
    const replay = new ReplaySession<number>({
      source: source([0, 1, 2, 3, 4]),
      emit: async (items) => void out.emitted.push({ at: clock.now(), items: [...items] }),
      scheduler: clock,
      fromMicros: T0,
      toMicros: T0 + 5 * S,
    });
    replay.seek(T0 + 3 * S);
    replay.play();
    await clock.advance(0);
    assert.deepEqual(out.all(), [3]);
    replay.seek(T0 + 1 * S);
    await clock.advance(1000);
    assert.deepEqual(out.all(), [3, 1, 2]);
    replay.seek(T0 - 99 * S);
    assert.equal(replay.status().positionMicros, T0, 'clamped to the range');
  });

  it('at max speed emits everything in pages as fast as the output accepts, in order', async () => {
    const clock = new ManualScheduler(0);
    const out = recorder();
    const offsets = Array.from({ length: 2500 }, (_, i) => i * 3600);
    const src = source(offsets);
    const replay = new ReplaySession<number>({
      source: src,
      emit: async (items) => void out.emitted.push({ at: clock.now(), items: [...items] }),
      scheduler: clock,
      fromMicros: T0,
      toMicros: T0 + 10_000 * 3600 * S,
      speed: 'max',
      pageSize: 1000,
    });
    replay.play();
    await clock.advance(0);
    assert.deepEqual(out.all(), offsets.map((_, i) => i));
    assert.equal(out.emitted.length, 3);
    assert.ok(out.emitted.every((batch) => batch.at === 0), 'no waiting in data time');
    assert.equal(replay.status().state, 'finished');
    assert.equal(src.reads, 3);
  });

  it('waits for the output before emitting more (back-pressure) and stops on an emit error', async () => {
    const clock = new ManualScheduler(0);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const out: number[] = [];
    const errors: unknown[] = [];
    let calls = 0;
    const replay = new ReplaySession<number>({
      source: source([0, 0, 1, 2]),
      emit: async (items) => {
        calls++;
        if (calls === 1) await gate;
        if (calls === 3) throw new Error('sink down');
        out.push(...items);
      },
      scheduler: clock,
      fromMicros: T0,
      toMicros: T0 + 5 * S,
      onError: (error) => errors.push(error),
    });
    replay.play();
    await clock.advance(1500);
    assert.deepEqual(out, [], 'the first batch is still being accepted');
    release();
    await clock.advance(0);
    assert.deepEqual(out, [0, 1, 2]);
    await clock.advance(1000);
    assert.equal(errors.length, 1);
    assert.equal(replay.status().state, 'paused');
  });

  it('rejects a bad speed and an empty range', () => {
    const clock = new ManualScheduler(0);
    const base = { source: source([]), emit: async () => {}, scheduler: clock };
    assert.throws(() => new ReplaySession<number>({ ...base, fromMicros: T0, toMicros: T0 }), RangeError);
    const replay = new ReplaySession<number>({ ...base, fromMicros: T0, toMicros: T0 + S });
    assert.throws(() => replay.setSpeed(0), RangeError);
    assert.throws(() => replay.setSpeed(Number.NaN), RangeError);
  });
});
