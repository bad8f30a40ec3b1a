// One replay: stored data of one symbol and time range, played back through an output (the
// ingest sink, which fans it out marked with the replay id) at a speed factor — 1x is real time,
// 10x ten times faster, `max` as fast as the output accepts. Controls: play, pause, seek, speed.
// Invariants: items are emitted in stored order, each exactly once per pass (seek starts a new
// pass at the sought time); an item of data time t is emitted when the replay clock reaches t,
// where the replay clock runs at `speed` × the scheduler's clock while playing and stands still
// while paused; the next emission waits for the previous one to be accepted (back-pressure).
// Time is an input (Scheduler), so tests are deterministic. Known limit: one page of items is
// held in memory at a time (pageSize).
import type { CursorKey } from './keyset-cursor.js';
import type { Scheduler, TimerHandle } from './scheduler.js';

/** One replayable item: its sort key (data time + sequence) and the payload. */
export interface ReplayItem<T> {
  key: CursorKey;
  value: T;
}

/** Where a replay reads from: items with from <= time < to, strictly after `after`, in order. */
export interface ReplaySource<T> {
  read(range: { fromMicros: number; toMicros: number; after: CursorKey | null; limit: number }): Promise<ReplayItem<T>[]>;
}

/** Where a replay emits to; the next batch waits until this resolves. */
export type ReplayEmit<T> = (items: readonly T[]) => Promise<void>;

/** A speed factor: a positive multiple of real time, or as fast as possible. */
export type ReplaySpeed = number | 'max';

/** Lifecycle of a replay. */
export type ReplayState = 'paused' | 'playing' | 'finished' | 'closed';

/** What a replay reports about itself. */
export interface ReplayStatus {
  state: ReplayState;
  speed: ReplaySpeed;
  fromMicros: number;
  toMicros: number;
  /** The replay clock: data time up to which everything has been emitted. */
  positionMicros: number;
  emitted: number;
}

/** Options of a replay session. */
export interface ReplayOptions<T> {
  source: ReplaySource<T>;
  emit: ReplayEmit<T>;
  scheduler: Scheduler;
  fromMicros: number;
  toMicros: number;
  speed?: ReplaySpeed;
  /** Items read per page and emitted per batch at `max` speed (default 1000). */
  pageSize?: number;
  /** Called once when the error of a read or emit stops the replay. */
  onError?: (error: unknown) => void;
}

/** Checks a speed factor; returns it. */
export function checkSpeed(speed: ReplaySpeed): ReplaySpeed {
  if (speed !== 'max' && !(Number.isFinite(speed) && speed > 0 && speed <= 1_000_000)) {
    throw new RangeError(`replay speed must be "max" or a number in (0, 1000000], got ${String(speed)}`);
  }
  return speed;
}

/** A replay of one range; starts paused at `fromMicros`. */
export class ReplaySession<T> {
  readonly #options: ReplayOptions<T>;
  readonly #pageSize: number;
  #state: ReplayState = 'paused';
  #speed: ReplaySpeed;
  #position: number;
  #emitted = 0;
  #buffer: ReplayItem<T>[] = [];
  #after: CursorKey | null = null;
  #exhausted = false;
  #timer: TimerHandle | null = null;
  /** Scheduler time and replay clock at the last (re)start of playing. */
  #anchor = { wallMs: 0, dataMicros: 0 };
  /** Bumped by seek/pause/close so that work started before is discarded. */
  #generation = 0;
  #busy = false;
  /** A timer fired while a step was running; run another step when it ends. */
  #wanted = false;

  constructor(options: ReplayOptions<T>) {
    if (!(options.toMicros > options.fromMicros)) throw new RangeError('replay range must have from < to');
    this.#options = options;
    this.#pageSize = options.pageSize ?? 1000;
    this.#speed = checkSpeed(options.speed ?? 1);
    this.#position = options.fromMicros;
  }

  /** The replay's state, speed and clock. */
  status(): ReplayStatus {
    return {
      state: this.#state,
      speed: this.#speed,
      fromMicros: this.#options.fromMicros,
      toMicros: this.#options.toMicros,
      positionMicros: Math.min(this.#clock(), this.#options.toMicros),
      emitted: this.#emitted,
    };
  }

  /** Starts or resumes playing from the current position. */
  play(): void {
    if (this.#state === 'closed' || this.#state === 'playing' || this.#state === 'finished') return;
    this.#state = 'playing';
    this.#reanchor(this.#position);
    this.#kick(0);
  }

  /** Stops the clock; play() resumes where it stopped. */
  pause(): void {
    if (this.#state !== 'playing') return;
    this.#position = this.#clock();
    this.#state = 'paused';
    this.#cancel();
  }

  /** Changes the speed factor without moving the replay clock. */
  setSpeed(speed: ReplaySpeed): void {
    checkSpeed(speed);
    const position = this.#clock();
    this.#speed = speed;
    if (this.#state === 'playing') {
      this.#cancel();
      this.#reanchor(position);
      this.#kick(0);
    } else {
      this.#position = position;
    }
  }

  /** Moves the replay clock to `timeMicros` (clamped to the range); keeps playing if it was. */
  seek(timeMicros: number): void {
    if (this.#state === 'closed') return;
    const target = Math.min(Math.max(timeMicros, this.#options.fromMicros), this.#options.toMicros);
    const wasPlaying = this.#state === 'playing';
    this.#cancel();
    this.#buffer = [];
    this.#after = null;
    this.#exhausted = false;
    this.#position = target;
    this.#state = 'paused';
    if (wasPlaying) this.play();
  }

  /** Stops for good. */
  close(): void {
    this.#cancel();
    this.#state = 'closed';
  }

  #clock(): number {
    if (this.#state !== 'playing') return this.#position;
    if (this.#speed === 'max') return this.#position;
    const elapsedMs = this.#options.scheduler.now() - this.#anchor.wallMs;
    return this.#anchor.dataMicros + Math.floor(elapsedMs * 1000 * this.#speed);
  }

  #reanchor(dataMicros: number): void {
    this.#anchor = { wallMs: this.#options.scheduler.now(), dataMicros };
    this.#position = dataMicros;
  }

  #cancel(): void {
    this.#generation++;
    this.#timer?.cancel();
    this.#timer = null;
  }

  #kick(delayMs: number): void {
    const generation = this.#generation;
    this.#timer = this.#options.scheduler.schedule(delayMs, () => {
      this.#timer = null;
      if (generation !== this.#generation) return;
      if (this.#busy) this.#wanted = true;
      else void this.#step(generation);
    });
  }

  /** Emits what is due, then schedules itself for the next due item. */
  async #step(generation: number): Promise<void> {
    this.#busy = true;
    try {
      const next = await this.#peek(generation);
      if (generation !== this.#generation) return;
      if (next === null) {
        this.#position = this.#options.toMicros;
        this.#state = 'finished';
        return;
      }
      const clock = this.#speed === 'max' ? Infinity : this.#clock();
      if (next.key.timeMicros > clock) {
        const waitMs = Math.ceil((next.key.timeMicros - clock) / 1000 / (this.#speed as number));
        this.#kick(waitMs);
        return;
      }
      const batch: ReplayItem<T>[] = [];
      while (this.#buffer.length > 0 && this.#buffer[0]!.key.timeMicros <= clock && batch.length < this.#pageSize) {
        batch.push(this.#buffer.shift()!);
      }
      await this.#options.emit(batch.map((item) => item.value));
      // Counted even if a pause or seek came meanwhile: the batch did go out.
      this.#emitted += batch.length;
      if (this.#speed === 'max' && generation === this.#generation) this.#position = batch[batch.length - 1]!.key.timeMicros;
      if (generation !== this.#generation) return;
      this.#kick(0);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#position = this.#clock();
      this.#state = 'paused';
      this.#options.onError?.(error);
    } finally {
      this.#busy = false;
      if (this.#wanted) {
        this.#wanted = false;
        if (this.#state === 'playing') this.#kick(0);
      }
    }
  }

  /** The next item to emit (reading a page when the buffer is empty), or null at the end. */
  async #peek(generation: number): Promise<ReplayItem<T> | null> {
    if (this.#buffer.length === 0 && !this.#exhausted) {
      const fromMicros = this.#after === null ? this.#position : this.#options.fromMicros;
      const page = await this.#options.source.read({
        fromMicros,
        toMicros: this.#options.toMicros,
        after: this.#after,
        limit: this.#pageSize,
      });
      if (generation !== this.#generation) return null;
      this.#buffer = page;
      if (page.length < this.#pageSize) this.#exhausted = true;
      if (page.length > 0) this.#after = page[page.length - 1]!.key;
    }
    return this.#buffer[0] ?? null;
  }
}
