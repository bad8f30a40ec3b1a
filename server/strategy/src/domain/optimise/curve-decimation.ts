// Reduces a long equity curve to a bounded number of its own points for drawing, keeping its
// shape: the range is cut into equal buckets and each bucket keeps its lowest and highest point
// (so peaks and drawdown troughs survive), plus the first and last point of the range and of
// every window segment that starts inside it (so window boundaries stay exact).
// Invariants: returns strictly increasing indices within [from, to), at most `maxPoints` of them;
// every index is a real point (values are never averaged or interpolated); a range of at most
// `maxPoints` points is returned whole.
// Known limit: when the window boundaries alone would take more than half of `maxPoints` (very
// many short windows), they are not forced in and the buckets alone decide.

/** Indices of at most `maxPoints` (>= 4) points of `values[from, to)` that keep the curve's shape. */
export function decimateCurve(values: ArrayLike<number>, from: number, to: number, maxPoints: number, windowStarts: readonly number[] = []): number[] {
  const count = to - from;
  if (count <= 0) return [];
  if (count <= maxPoints) return Array.from({ length: count }, (_, i) => from + i);
  const kept = new Set<number>([from, to - 1]);
  const boundaries: number[] = [];
  for (const start of windowStarts) {
    if (start > from && start < to) boundaries.push(start - 1, start);
  }
  if (boundaries.length + 2 <= maxPoints / 2) for (const index of boundaries) kept.add(index);
  const buckets = Math.max(1, Math.floor((maxPoints - kept.size) / 2));
  const width = Math.ceil(count / buckets);
  for (let start = from; start < to; start += width) {
    const end = Math.min(start + width, to);
    let low = start;
    let high = start;
    for (let i = start + 1; i < end; i++) {
      if (values[i]! < values[low]!) low = i;
      if (values[i]! > values[high]!) high = i;
    }
    kept.add(low);
    kept.add(high);
  }
  return [...kept].sort((a, b) => a - b);
}
