// Seeded synthetic OHLCV bars (a random walk on a tick grid) for benchmarks, tests and demos.
// Invariants: deterministic for a seed; prices are whole ticks >= 1 with low <= open, close <=
// high; timestamps step by `intervalMs`; volume is a positive whole number.

import type { MarketBar } from '@kestrel/shared';
import { seededRandom } from './seeded-random.js';

/** Options of syntheticBars. */
export interface SyntheticBarOptions {
  symbol?: string;
  seed?: number;
  /** Start price in ticks (default 10,000). */
  startTicks?: number;
  /** Largest close-to-close move in ticks (default 50). */
  stepTicks?: number;
  /** Decimals of the tick (default 2: ticks are cents). */
  decimals?: number;
  startTime?: number;
  intervalMs?: number;
}

/** `count` random-walk bars. */
export function syntheticBars(count: number, options: SyntheticBarOptions = {}): MarketBar[] {
  const random = seededRandom(options.seed ?? 1);
  const symbol = options.symbol ?? 'SYN';
  const step = options.stepTicks ?? 50;
  const scale = 10 ** (options.decimals ?? 2);
  const start = options.startTime ?? Date.UTC(2000, 0, 3);
  const interval = options.intervalMs ?? 60_000;
  const bars = new Array<MarketBar>(count);
  let close = options.startTicks ?? 10_000;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = Math.max(1, open + Math.round((random() * 2 - 1) * step));
    const high = Math.max(open, close) + Math.floor(random() * step * 0.5);
    const low = Math.max(1, Math.min(open, close) - Math.floor(random() * step * 0.5));
    bars[i] = {
      symbol,
      timestamp: start + i * interval,
      open: open / scale,
      high: high / scale,
      low: low / scale,
      close: close / scale,
      volume: 100 + Math.floor(random() * 10_000),
      ticks: { open, high, low, close },
    };
  }
  return bars;
}
