// Time as an input: everything in the order service that depends on "now" (order timestamps,
// TWAP/VWAP slice times, when a parent wakes up) reads a TimeSource instead of the system clock,
// so tests drive time explicitly and a restarted service computes the same schedule.
// Invariants: now() never goes backwards within one TimeSource; a timer set for an instant that
// has passed fires on the next turn; a cancelled timer never fires. Known limit: millisecond
// resolution (the same as the instants the API carries).

/** Cancels a timer; calling it after the timer fired does nothing. */
export type CancelTimer = () => void;

/** Reads the time and runs tasks at instants. */
export interface TimeSource {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `task` at (or as soon as possible after) `atMs`; the task's errors are its own to handle. */
  setTimer(atMs: number, task: () => Promise<void>): CancelTimer;
}

/** Longest delay setTimeout accepts (about 24.8 days); longer waits re-arm. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** The real clock and Node timers. */
export class SystemTimeSource implements TimeSource {
  now(): number {
    return Date.now();
  }

  setTimer(atMs: number, task: () => Promise<void>): CancelTimer {
    let handle: NodeJS.Timeout | undefined;
    let cancelled = false;
    const arm = () => {
      const delay = Math.max(0, atMs - Date.now());
      handle = setTimeout(() => {
        if (cancelled) return;
        if (atMs > Date.now()) arm();
        else void task();
      }, Math.min(delay, MAX_TIMEOUT_MS));
      handle.unref();
    };
    arm();
    return () => {
      cancelled = true;
      if (handle) clearTimeout(handle);
    };
  }
}

interface ManualTimer {
  atMs: number;
  order: number;
  task: () => Promise<void>;
  cancelled: boolean;
}

/**
 * A clock that only moves when told to: advanceTo() runs every due timer in time order and waits
 * for each task to finish, so a test knows that everything due has happened when it returns.
 */
export class ManualTimeSource implements TimeSource {
  #now: number;
  #timers: ManualTimer[] = [];
  #counter = 0;

  constructor(startMs: number) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimer(atMs: number, task: () => Promise<void>): CancelTimer {
    const timer: ManualTimer = { atMs, order: this.#counter++, task, cancelled: false };
    this.#timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Timers that are set and have not fired or been cancelled. */
  pendingTimers(): number {
    return this.#timers.filter((timer) => !timer.cancelled).length;
  }

  /** Moves the clock to `targetMs` (never backwards), running due timers in order, including ones they set. */
  async advanceTo(targetMs: number): Promise<void> {
    for (;;) {
      this.#timers = this.#timers.filter((timer) => !timer.cancelled);
      const due = this.#timers.filter((timer) => timer.atMs <= targetMs).sort((a, b) => a.atMs - b.atMs || a.order - b.order)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      this.#now = Math.max(this.#now, due.atMs);
      await due.task();
    }
    this.#now = Math.max(this.#now, targetMs);
  }

  /** advanceTo(now + ms). */
  advanceBy(ms: number): Promise<void> {
    return this.advanceTo(this.#now + ms);
  }
}
