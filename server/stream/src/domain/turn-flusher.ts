// Runs each requesting connection's flush once per event-loop turn (setImmediate), after every
// channel message of the turn has been fanned out. Why: a socket write is the expensive part of
// fan-out (one syscall per write); flushing a connection once per turn puts all of that turn's
// frames for it into one corked write instead of one write per frame. Invariants: a target is
// flushed at most once per turn however often it asks; a target that asks while the flush runs
// (e.g. a write callback) is flushed in the next turn; a throwing flush does not stop the others.
// Known limit: adds at most one loop iteration of latency (the check phase follows the poll phase).

/** Something flushed once per turn. */
export interface Flushable {
  flush(): void;
}

/** Collects flush requests and runs them in one setImmediate. */
export class TurnFlusher {
  #due: Flushable[] = [];
  readonly #requested = new Set<Flushable>();
  readonly #onError: (error: unknown) => void;

  /** `onError` receives what a flush threw (default: rethrown asynchronously). */
  constructor(onError: (error: unknown) => void = (error) => queueMicrotask(() => { throw error; })) {
    this.#onError = onError;
  }

  /** Asks for `target.flush()` in the current turn's flush. */
  request(target: Flushable): void {
    if (this.#requested.has(target)) return;
    this.#requested.add(target);
    this.#due.push(target);
    if (this.#due.length === 1) setImmediate(this.#run);
  }

  readonly #run = (): void => {
    const due = this.#due;
    this.#due = [];
    for (const target of due) {
      this.#requested.delete(target);
      try {
        target.flush();
      } catch (error) {
        this.#onError(error);
      }
    }
  };
}
