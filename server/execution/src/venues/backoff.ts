// Reconnect delays for venue connections: exponential back-off with full jitter (delay = random ×
// min(max, initial × 2^attempt)), reset once a connection proved healthy. The random source is
// injectable so tests get exact delays.

/** Successive reconnect delays. */
export class Backoff {
  #attempt = 0;

  constructor(
    readonly initialMs: number,
    readonly maxMs: number,
    readonly random: () => number = Math.random,
  ) {
    if (!(initialMs > 0) || !(maxMs >= initialMs)) throw new RangeError('backoff needs 0 < initialMs <= maxMs');
  }

  /** The next delay in ms (and counts the attempt). */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** this.#attempt);
    this.#attempt++;
    return Math.floor(this.random() * ceiling);
  }

  /** Back to the first delay. */
  reset(): void {
    this.#attempt = 0;
  }
}
