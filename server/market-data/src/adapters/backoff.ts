// Reconnect delays: exponential back-off with "full jitter" (delay = random × min(max, initial ×
// factor^attempt)), the scheme AWS's architecture blog recommends because it spreads reconnect
// storms best. The random source is injectable so tests get exact delays.

/** Options of the back-off. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor?: number;
  /** Returns a number in [0, 1); default Math.random. */
  random?: () => number;
}

/** Computes successive reconnect delays; reset() after a connection proved healthy. */
export class ExponentialBackoff {
  readonly #options: Required<BackoffOptions>;
  #attempt = 0;

  constructor(options: BackoffOptions) {
    if (!(options.initialMs > 0) || !(options.maxMs >= options.initialMs)) throw new RangeError('backoff needs 0 < initialMs <= maxMs');
    this.#options = { factor: 2, random: Math.random, ...options };
  }

  /** Attempts made since the last reset. */
  get attempt(): number {
    return this.#attempt;
  }

  /** The ceiling of the next delay (before jitter). */
  ceiling(): number {
    return Math.min(this.#options.maxMs, this.#options.initialMs * this.#options.factor ** this.#attempt);
  }

  /** The next delay in ms (and counts the attempt). */
  next(): number {
    const delay = Math.floor(this.#options.random() * this.ceiling());
    this.#attempt++;
    return delay;
  }

  /** Starts over from the initial delay. */
  reset(): void {
    this.#attempt = 0;
  }
}
