// Wilder's true range, in TA-Lib's operation order (TRANGE): the largest of high - low,
// |previous close - high| and |previous close - low|.

/** True range of a bar given the previous bar's close. */
export function trueRange(high: number, low: number, previousClose: number): number {
  let greatest = high - low;
  const toHigh = Math.abs(previousClose - high);
  if (toHigh > greatest) greatest = toHigh;
  const toLow = Math.abs(previousClose - low);
  if (toLow > greatest) greatest = toLow;
  return greatest;
}
