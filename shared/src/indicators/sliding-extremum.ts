// The minimum or maximum of the last `period` values in amortised O(1) per value (a monotonic
// deque in a ring buffer). Used by the stochastic oscillator's highest-high / lowest-low.
// Invariant: the deque holds indices inside the window, their values strictly monotonic from the
// front (the extreme) to the back; each index enters and leaves once, so n pushes cost O(n).
// Known limit: a single push can pop up to `period` entries (amortised, not worst-case, O(1)).

/** Sliding-window extreme: 'min' or 'max' of the last `period` pushed values. */
export class SlidingExtremum {
  private readonly values: Float64Array;
  private readonly indices: Float64Array;
  private front = 0;
  private length = 0;
  private pushed = 0;

  constructor(
    readonly period: number,
    private readonly kind: 'min' | 'max',
  ) {
    this.values = new Float64Array(period);
    this.indices = new Float64Array(period);
  }

  /** Appends `x` and returns the extreme of the window that ends with it. */
  push(x: number): number {
    const period = this.period;
    const index = this.pushed++;
    if (this.length > 0 && this.indices[this.front]! <= index - period) {
      this.front = this.front + 1 === period ? 0 : this.front + 1;
      this.length--;
    }
    const isMax = this.kind === 'max';
    while (this.length > 0) {
      let back = this.front + this.length - 1;
      if (back >= period) back -= period;
      const v = this.values[back]!;
      if (isMax ? v > x : v < x) break;
      this.length--;
    }
    let slot = this.front + this.length;
    if (slot >= period) slot -= period;
    this.values[slot] = x;
    this.indices[slot] = index;
    this.length++;
    return this.values[this.front]!;
  }

  /** Empties the window. */
  reset(): void {
    this.front = 0;
    this.length = 0;
    this.pushed = 0;
  }
}
