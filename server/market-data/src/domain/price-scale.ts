// Ticks to prices as floats for analytics (indicators), by ONE correctly rounded division of
// exact integers: price = ticks × coefficient / 10^scale where tickSize = coefficient / 10^scale.
// Why not ticks × 0.01: that multiplies by an inexact binary fraction (35 × 0.01 =
// 0.35000000000000003), while 35 / 100 is the double nearest to 0.35. Never used on the money
// path, which stays in integer ticks.
import { parseTickSize } from '@kestrel/shared';

/** Converts ticks of one tick size to float prices. */
export interface PriceScale {
  toPrice(ticks: number): number;
}

/** The scale of `tickSize` (decimal text). */
export function priceScale(tickSize: string): PriceScale {
  const tick = parseTickSize(tickSize);
  const coefficient = Number(tick.coefficient);
  const divisor = 10 ** tick.scale;
  return { toPrice: (ticks) => (ticks * coefficient) / divisor };
}
