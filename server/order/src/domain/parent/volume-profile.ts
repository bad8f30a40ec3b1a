// Slice weights for TWAP (equal) and VWAP (proportional to the volume expected in each slice).
// VWAP reads a per-minute-of-day volume profile built from the finished 1-minute bars the service
// has seen on `market.data` (services/market-data-consumer.ts); each slice's weight is
// Σ over the minutes it overlaps of (average volume of that minute of day × overlap in ms), so any
// slice length works and the arithmetic is exact (bigint). When the profile does not cover every
// minute of the window, the documented default curve is used instead: a U shape over the window,
// w_i = 100·N² + 200·(2i + 1 − N)², whose first and last slices weigh up to three times the middle
// ones (trading is heaviest at the open and the close). Invariant: every weight is a positive
// bigint, so cumulative targets are well defined.

/** Minutes in a day. */
const DAY_MINUTES = 1440;
const MINUTE_MS = 60_000;

/** The instant of slice `index` of `slices` over [startMs, endMs). */
export function sliceTime(startMs: number, endMs: number, slices: number, index: number): number {
  return startMs + Math.floor((index * (endMs - startMs)) / slices);
}

/** Equal weights. */
export function uniformWeights(slices: number): bigint[] {
  return Array.from({ length: slices }, () => 1n);
}

/** The default U-shaped curve. */
export function defaultCurveWeights(slices: number): bigint[] {
  const n = BigInt(slices);
  return Array.from({ length: slices }, (_, index) => {
    const offset = 2n * BigInt(index) + 1n - n;
    return 100n * n * n + 200n * offset * offset;
  });
}

/**
 * Weights from a per-minute-of-day volume (UTC minute 0..1439 → average lots, null when unknown);
 * null when some minute of the window has no data or the window had no volume at all.
 */
export function historyWeights(startMs: number, endMs: number, slices: number, volumeAt: (minuteOfDay: number) => bigint | null): bigint[] | null {
  const weights: bigint[] = [];
  for (let index = 0; index < slices; index += 1) {
    const from = sliceTime(startMs, endMs, slices, index);
    const to = index === slices - 1 ? endMs : sliceTime(startMs, endMs, slices, index + 1);
    let weight = 0n;
    for (let minuteStart = Math.floor(from / MINUTE_MS) * MINUTE_MS; minuteStart < to; minuteStart += MINUTE_MS) {
      const overlap = Math.min(to, minuteStart + MINUTE_MS) - Math.max(from, minuteStart);
      if (overlap <= 0) continue;
      const minuteOfDay = ((minuteStart / MINUTE_MS) % DAY_MINUTES + DAY_MINUTES) % DAY_MINUTES;
      const volume = volumeAt(minuteOfDay);
      if (volume === null) return null;
      weight += volume * BigInt(overlap);
    }
    weights.push(weight);
  }
  if (weights.reduce((sum, weight) => sum + weight, 0n) === 0n) return null;
  // A slice over minutes that never trade still gets a token weight, so it is scheduled (with 0 lots if need be).
  return weights.map((weight) => (weight === 0n ? 1n : weight));
}

/** Cumulative target after slice `index`: floor(total × Σw[0..index] / Σw), exactly `total` for the last slice. */
export function cumulativeTarget(total: number, weights: readonly bigint[], index: number): number {
  if (index >= weights.length - 1) return total;
  const sum = weights.reduce((acc, weight) => acc + weight, 0n);
  let prefix = 0n;
  for (let i = 0; i <= index; i += 1) prefix += weights[i]!;
  return Number((BigInt(total) * prefix) / sum);
}
