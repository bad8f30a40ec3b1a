// An exact running sum of doubles: Shewchuk's non-overlapping floating-point expansion, the algorithm
// behind Python's math.fsum. Why: a plain running sum (add the new value, subtract the evicted one)
// drifts, so the same window seen twice can give two different averages; this sum is exact, and
// value() rounds it correctly once, so a windowed mean depends only on the window's contents.
// Invariants: `partials` holds non-zero, non-overlapping doubles in increasing magnitude whose exact
// sum is the exact sum of everything added; value() is that sum correctly rounded (half-even).
// Known limits: exact only while no intermediate overflows (|values| far below 1e300) and inputs
// are finite (callers check); the expansion is short for real data (2-3 partials for prices with
// decimals) and can never exceed ~40 partials, so each add is O(1).

const SPLITTER = 134_217_729; // 2^27 + 1: Dekker's split for exact products

/** An exact sum of doubles with correctly rounded reads. */
export class ExactSum {
  private partials = new Float64Array(8);
  private size = 0;
  private scratch: ExactSum | undefined;

  /** Adds `x` exactly. */
  add(x: number): void {
    const p = this.partials;
    let kept = 0;
    for (let j = 0; j < this.size; j++) {
      let y = p[j]!;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[kept++] = lo;
      x = hi;
    }
    if (x !== 0) {
      if (kept === this.partials.length) this.grow();
      this.partials[kept++] = x;
    }
    this.size = kept;
  }

  /** Adds the exact product `a * b` (Dekker's two-product, so no rounding is lost). */
  addProduct(a: number, b: number): void {
    const product = a * b;
    let c = SPLITTER * a;
    const aHigh = c - (c - a);
    const aLow = a - aHigh;
    c = SPLITTER * b;
    const bHigh = c - (c - b);
    const bLow = b - bHigh;
    const error = aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
    this.add(product);
    if (error !== 0) this.add(error);
  }

  /** Subtracts the exact value of `other` (which must be a different instance). */
  subtract(other: ExactSum): void {
    const q = other.partials;
    for (let j = 0; j < other.size; j++) this.add(-q[j]!);
  }

  /** The exact sum rounded to the nearest double (ties to even), as math.fsum does. */
  value(): number {
    const p = this.partials;
    let n = this.size;
    if (n === 0) return 0;
    let hi = p[--n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n]!;
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Half-even rounding across partials: a lower partial with the same sign as the rounding
    // error means the true sum lies beyond the halfway point, so round away.
    if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }

  /**
   * The exact sum divided by `divisor`, rounded once more after a residual correction: q = fl(value / d),
   * then q + fl(S - q * d) / d with the residual computed exactly. Exact whenever the true quotient is
   * a double (so the mean of n copies of c is c) and otherwise within one ulp of it (faithful); it
   * depends only on the exact sum, so equal windows still give identical means.
   */
  divide(divisor: number): number {
    const quotient = this.value() / divisor;
    const residual = (this.scratch ??= new ExactSum());
    residual.copy(this);
    residual.addProduct(-quotient, divisor);
    const remainder = residual.value();
    return remainder === 0 ? quotient : quotient + remainder / divisor;
  }

  /** Forgets everything added. */
  reset(): void {
    this.size = 0;
  }

  /** Makes this sum equal to `other`. */
  private copy(other: ExactSum): void {
    while (this.partials.length < other.size) this.grow();
    this.partials.set(other.partials.subarray(0, other.size));
    this.size = other.size;
  }

  private grow(): void {
    const bigger = new Float64Array(this.partials.length * 2);
    bigger.set(this.partials);
    this.partials = bigger;
  }
}
