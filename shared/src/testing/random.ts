// Test support: a small seeded PRNG (mulberry32) so property tests are reproducible; a failure
// message always names the seed. Not exported from the package.

/** A deterministic generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random-walk price series with `decimals` decimals (prices like real quotes). */
export function randomWalk(random: () => number, length: number, start = 100, step = 1, decimals = 2): number[] {
  const out: number[] = [];
  let price = start;
  const scale = 10 ** decimals;
  for (let i = 0; i < length; i++) {
    price = Math.max(1 / scale, price + (random() - 0.5) * 2 * step);
    out.push(Math.round(price * scale) / scale);
  }
  return out;
}

/** Random bars around a random walk: low <= open, close <= high. */
export function randomBars(random: () => number, length: number): { high: number[]; low: number[]; close: number[]; volume: number[] } {
  const close = randomWalk(random, length);
  const high: number[] = [];
  const low: number[] = [];
  const volume: number[] = [];
  for (let i = 0; i < length; i++) {
    const c = close[i]!;
    const o = i === 0 ? c : close[i - 1]!;
    high.push(Math.max(o, c) + Math.round(random() * 100) / 100);
    low.push(Math.min(o, c) - Math.round(random() * 100) / 100);
    volume.push(Math.floor(random() * 10_000));
  }
  return { high, low, close, volume };
}
