// A fixed-capacity FIFO of the last `capacity` values, backing every windowed indicator.
// Invariant: holds min(pushed, capacity) values; push() returns the value it evicts so callers
// can keep running aggregates. Inputs are finite (callers check), so NaN unambiguously means
// "nothing was evicted".

/** The last `capacity` values of a series. */
export class SlidingWindow {
  private readonly values: Float64Array;
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.values = new Float64Array(capacity);
  }

  /** True once `capacity` values have been pushed. */
  get full(): boolean {
    return this.count === this.capacity;
  }

  /** Appends `x`; returns the value that fell out of the window, or NaN while it is filling. */
  push(x: number): number {
    let evicted = NaN;
    if (this.count === this.capacity) evicted = this.values[this.next]!;
    else this.count++;
    this.values[this.next] = x;
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1;
    return evicted;
  }

  /** Empties the window. */
  reset(): void {
    this.next = 0;
    this.count = 0;
  }
}
