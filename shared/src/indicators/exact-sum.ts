// An exact running sum of doubles: Shewchuk's non-overlapping floating-point expansion, the algorithm
// behind Python's math.fsum. Why: a plain running sum (add the new value, subtract the evicted one)
// drifts, so the same window seen twice can give two different averages; this sum is exact, and
// value() rounds it correctly once, so a windowed mean depends only on the window's contents.
// Invariants: `partials` holds non-zero, non-overlapping doubles in increasing magnitude whose exact
// sum is the exact sum of everything added; value() is that sum correctly rounded (half-even);
// divide() depends only on that exact sum, never on how it is split into partials.
// Known limits: exact only while no intermediate overflows (|values| far below 1e300) and inputs
// are finite (callers check); expansions stay short on real data (up to ~6 partials for 2-decimal
// prices) and can never exceed ~40 partials, so each operation is O(1).

const SPLITTER = 134_217_729; // 2^27 + 1: Dekker's split for exact products
const EPSILON = 2 ** -53; // unit roundoff

// Bit access to a double, for its exponent (ulp) and whether it is a power of two.
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
bits[0] = 1;
const HIGH = words[1] === 0x3ff00000 ? 1 : 0; // index of the sign/exponent word (endianness)
const LOW = 1 - HIGH;

/** The product a * b as an unevaluated sum product + error, exactly (Dekker). Returns the error. */
function productError(a: number, b: number, product: number): number {
  let c = SPLITTER * a;
  const aHigh = c - (c - a);
  const aLow = a - aHigh;
  c = SPLITTER * b;
  const bHigh = c - (c - b);
  const bLow = b - bHigh;
  return aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

/** An exact sum of doubles with correctly rounded reads. */
export class ExactSum {
  private partials = new Float64Array(8);
  private size = 0;
  private scratch: ExactSum | undefined;
  /** S - value() as of the last value() call, approximately, and a bound on that approximation's error. */
  private tail = 0;
  private tailError = 0;

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

  /** Adds a - b exactly; one expansion update when the difference is exact (e.g. nearby prices). */
  addDifference(a: number, b: number): void {
    const sum = a - b;
    const bVirtual = sum - a;
    const error = a - (sum - bVirtual) + (-b - bVirtual);
    this.add(sum);
    if (error !== 0) this.add(error);
  }

  /** Adds the exact product `a * b` (Dekker's two-product, so no rounding is lost). */
  addProduct(a: number, b: number): void {
    const product = a * b;
    const error = productError(a, b, product);
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
    this.tail = 0;
    this.tailError = 0;
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
      if (y === x - hi) {
        hi = x;
        lo = -lo;
      }
    }
    // The exact tail is lo + p[0] + ... + p[n-1]; lower partials are each below the lowest bit of
    // the next, so their absolute sum is < 2 |p[n-1]|.
    let tail = lo;
    for (let j = n - 1; j >= 0; j--) tail += p[j]!;
    this.tail = tail;
    this.tailError = (n + 2) * EPSILON * (Math.abs(lo) + 2 * (n > 0 ? Math.abs(p[n - 1]!) : 0));
    return hi;
  }

  /**
   * The exact sum divided by `divisor` (> 0), rounded once more after a residual correction:
   * q = fl(value / d), then q + fl(S - q * d) / d with the residual computed exactly. Exact whenever
   * the true quotient is a double (so the mean of n copies of c is c) and otherwise within one ulp
   * (faithful); it depends only on the exact sum, so equal windows still give identical means.
   * Fast path: the residual is estimated from value()'s tail with a rigorous error bound, and used
   * directly when that bound shows the exact computation could not round differently.
   */
  divide(divisor: number): number {
    const v = this.value();
    const quotient = v / divisor;
    const magnitude = Math.abs(quotient);
    if (magnitude > 2 ** -960 && magnitude < 2 ** 960) {
      // R = S - q d = tail + (v - p) - e with q d = p + e exactly; v - p is exact (Sterbenz).
      const product = quotient * divisor;
      const error = productError(quotient, divisor, product);
      const gap = v - product;
      const residual = this.tail + gap - error;
      const bound = this.tailError + 4 * EPSILON * (Math.abs(this.tail) + Math.abs(gap) + Math.abs(error));
      bits[0] = quotient;
      const exponent = (words[HIGH]! >>> 20) & 0x7ff;
      const powerOfTwo = (words[HIGH]! & 0xfffff) === 0 && words[LOW] === 0;
      if (!powerOfTwo) {
        // The corrected result is q + k ulp(q) for the k nearest to R / (d ulp); take it directly
        // when the error bound keeps R / (d ulp) clear of the rounding boundaries k +- 1/2.
        bits[0] = 0;
        words[HIGH] = (exponent - 52) << 20;
        const ulp = bits[0];
        const scale = divisor * ulp;
        const offset = residual / scale;
        const k = Math.round(offset);
        if (Math.abs(offset - k) + bound / scale + 2 ** -30 < 0.5 && k >= -1 && k <= 1) {
          return k === 0 ? quotient : quotient + k * ulp;
        }
      }
    }
    const exact = (this.scratch ??= new ExactSum());
    exact.copy(this);
    exact.addProduct(-quotient, divisor);
    const remainder = exact.value();
    return remainder === 0 ? quotient : quotient + remainder / divisor;
  }

  /** Forgets everything added. */
  reset(): void {
    this.size = 0;
  }

  /** Makes this sum equal to `other` (a plain loop: subarray() would allocate on every call). */
  private copy(other: ExactSum): void {
    while (this.partials.length < other.size) this.grow();
    const from = other.partials;
    const to = this.partials;
    for (let j = 0; j < other.size; j++) to[j] = from[j]!;
    this.size = other.size;
  }

  private grow(): void {
    const bigger = new Float64Array(this.partials.length * 2);
    bigger.set(this.partials);
    this.partials = bigger;
  }
}
