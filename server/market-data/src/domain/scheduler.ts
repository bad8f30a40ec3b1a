// Time as an input. Domain classes that wait (replay, adapters' staleness and back-off) take a
// Scheduler instead of calling Date.now/setTimeout, so tests drive them with ManualScheduler and
// get the same result on every run. SystemScheduler is the real clock.

/** A cancellable timer. */
export interface TimerHandle {
  cancel(): void;
}

/** A clock plus one-shot timers. */
export interface Scheduler {
  /** Milliseconds since the epoch, as this scheduler sees them. */
  now(): number;
  /** Runs `fn` once after `delayMs` (0 = as soon as possible, never synchronously). */
  schedule(delayMs: number, fn: () => void): TimerHandle;
}

/** The wall clock and setTimeout. */
export const SystemScheduler: Scheduler = {
  now: () => Date.now(),
  schedule(delayMs, fn) {
    const timer = setTimeout(fn, Math.max(0, delayMs));
    timer.unref?.();
    return { cancel: () => clearTimeout(timer) };
  },
};

interface PendingTimer {
  at: number;
  order: number;
  fn: () => void;
  cancelled: boolean;
}

/** A scheduler whose time only moves when the test says so. */
export class ManualScheduler implements Scheduler {
  #now: number;
  #order = 0;
  #timers: PendingTimer[] = [];

  constructor(startMs = 0) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  schedule(delayMs: number, fn: () => void): TimerHandle {
    const timer: PendingTimer = { at: this.#now + Math.max(0, delayMs), order: this.#order++, fn, cancelled: false };
    this.#timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }

  /** Timers not yet run or cancelled. */
  get pending(): number {
    return this.#timers.filter((timer) => !timer.cancelled).length;
  }

  /**
   * Moves time forward by `ms`, running due timers in time order (ties in scheduling order) and
   * awaiting the microtasks each one starts, so async work they trigger settles before the next.
   */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    for (;;) {
      // Settle first: work started earlier may schedule timers that are already due.
      await settle();
      this.#timers = this.#timers.filter((timer) => !timer.cancelled);
      this.#timers.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = this.#timers[0];
      if (!next || next.at > until) break;
      this.#timers.shift();
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = until;
    await settle();
  }
}

/** Lets pending promise callbacks (and the I/O-free async work they start) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
