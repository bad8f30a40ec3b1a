// Batch == streaming on both real data files: the streaming classes are fed one OhlcvBar at a time
// (as a live chart or strategy would), read after every update, and must reproduce the batch
// arrays bit for bit; reset() must restore a fresh state; a rejected update must leave the state
// untouched.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OhlcvBar } from '../market-data/ohlcv-bar.js';
import { readOhlcvCsv } from '../market-data/ohlcv-csv.js';
import { toColumns } from '../market-data/ohlcv-bar.js';
import { GOOG_DAILY, MINUTE_BARS, readOhlcvDataFile } from '../testing/data-files.js';
import { adx, AdxStream } from './adx.js';
import { atr, AtrStream } from './atr.js';
import { bollingerBands, BollingerBandsStream } from './bollinger-bands.js';
import { ema, EmaStream } from './ema.js';
import { IndicatorError } from './indicator-error.js';
import { macd, MacdStream } from './macd.js';
import { obv, ObvStream } from './obv.js';
import { rsi, RsiStream } from './rsi.js';
import { sma, SmaStream } from './sma.js';
import { stochastic, StochasticStream } from './stochastic.js';
import { vwap, VwapStream } from './vwap.js';
import { wma, WmaStream } from './wma.js';

/** A streaming indicator adapted to "feed a bar, read named outputs". */
interface Harness {
  name: string;
  batch: (bars: OhlcvBar[]) => Record<string, Float64Array>;
  stream: () => { feed: (bar: OhlcvBar) => void; read: () => Record<string, number>; reset: () => void };
}

function series(name: string, batch: (v: Float64Array) => Float64Array, make: () => { update(v: number): number; reset(): void }): Harness {
  return {
    name,
    batch: (bars) => ({ value: batch(toColumns(bars).close) }),
    stream: () => {
      const s = make();
      let last = NaN;
      return { feed: (b) => void (last = s.update(b.close)), read: () => ({ value: last }), reset: () => s.reset() };
    },
  };
}

const HARNESSES: Harness[] = [
  series('SMA(20)', (v) => sma(v, { period: 20 }), () => new SmaStream({ period: 20 })),
  series('EMA(20)', (v) => ema(v, { period: 20 }), () => new EmaStream({ period: 20 })),
  series('WMA(20)', (v) => wma(v, { period: 20 }), () => new WmaStream({ period: 20 })),
  series('RSI(14)', (v) => rsi(v, { period: 14 }), () => new RsiStream({ period: 14 })),
  {
    name: 'MACD',
    batch: (bars) => ({ ...macd(toColumns(bars).close) }),
    stream: () => {
      const s = new MacdStream();
      return { feed: (b) => void s.update(b.close), read: () => ({ macd: s.macd, signal: s.signal, histogram: s.histogram }), reset: () => s.reset() };
    },
  },
  {
    name: 'Bollinger(20, 2, 2)',
    batch: (bars) => ({ ...bollingerBands(toColumns(bars).close, { period: 20 }) }),
    stream: () => {
      const s = new BollingerBandsStream({ period: 20 });
      return { feed: (b) => void s.update(b.close), read: () => ({ upper: s.upper, middle: s.middle, lower: s.lower }), reset: () => s.reset() };
    },
  },
  {
    name: 'ATR(14)',
    batch: (bars) => ({ value: atr(toColumns(bars)) }),
    stream: () => {
      const s = new AtrStream();
      let last = NaN;
      return { feed: (b) => void (last = s.update(b.high, b.low, b.close)), read: () => ({ value: last }), reset: () => s.reset() };
    },
  },
  {
    name: 'ADX(14)',
    batch: (bars) => ({ ...adx(toColumns(bars)) }),
    stream: () => {
      const s = new AdxStream();
      return { feed: (b) => void s.update(b.high, b.low, b.close), read: () => ({ adx: s.adx, plusDi: s.plusDi, minusDi: s.minusDi }), reset: () => s.reset() };
    },
  },
  {
    name: 'Stochastic(14, 3, 3)',
    batch: (bars) => ({ ...stochastic(toColumns(bars), { fastKPeriod: 14 }) }),
    stream: () => {
      const s = new StochasticStream({ fastKPeriod: 14 });
      return { feed: (b) => void s.update(b.high, b.low, b.close), read: () => ({ k: s.k, d: s.d }), reset: () => s.reset() };
    },
  },
  {
    name: 'OBV',
    batch: (bars) => ({ value: obv(toColumns(bars)) }),
    stream: () => {
      const s = new ObvStream();
      let last = NaN;
      return { feed: (b) => void (last = s.update(b.close, b.volume)), read: () => ({ value: last }), reset: () => s.reset() };
    },
  },
  {
    name: 'VWAP (daily session)',
    batch: (bars) => ({ value: vwap(toColumns(bars)) }),
    stream: () => {
      const s = new VwapStream();
      let last = NaN;
      return {
        feed: (b) => void (last = s.update(b.timestamp, b.high, b.low, b.close, b.volume)),
        read: () => ({ value: last }),
        reset: () => s.reset(),
      };
    },
  },
];

/** Feeds every bar and collects the outputs into arrays. */
function collect(harness: ReturnType<Harness['stream']>, bars: OhlcvBar[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const bar of bars) {
    harness.feed(bar);
    for (const [key, value] of Object.entries(harness.read())) (out[key] ??= []).push(value);
  }
  return out;
}

function assertSame(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${label}: index ${i}: ${actual[i]} !== ${expected[i]}`);
  }
}

for (const file of [GOOG_DAILY, MINUTE_BARS]) {
  describe(`streaming equals batch on ${file}`, () => {
    const bars = readOhlcvCsv(readOhlcvDataFile(file)).bars;
    for (const harness of HARNESSES) {
      test(harness.name, () => {
        const batch = harness.batch(bars);
        const stream = harness.stream();
        const streamed = collect(stream, bars);
        assert.deepEqual(Object.keys(streamed).sort(), Object.keys(batch).sort());
        for (const key of Object.keys(batch)) {
          assert.ok(batch[key]!.some((v) => !Number.isNaN(v)), `${key} has values`);
          assertSame(streamed[key]!, batch[key]!, `${harness.name} ${key}`);
        }
        // reset() part-way through must give a fresh indicator.
        stream.reset();
        for (const bar of bars.slice(0, 1000)) stream.feed(bar);
        stream.reset();
        const replayed = collect(stream, bars);
        for (const key of Object.keys(batch)) assertSame(replayed[key]!, batch[key]!, `${harness.name} ${key} after reset`);
      });
    }
  });
}

describe('a rejected update leaves the stream unchanged', () => {
  const bars = readOhlcvCsv(readOhlcvDataFile(GOOG_DAILY)).bars.slice(0, 300);
  const poisoned: OhlcvBar = { timestamp: bars[150]!.timestamp + 1, open: NaN, high: NaN, low: NaN, close: NaN, volume: -1 };
  for (const harness of HARNESSES) {
    test(harness.name, () => {
      const clean = collect(harness.stream(), bars);
      const stream = harness.stream();
      const out: Record<string, number[]> = {};
      bars.forEach((bar, i) => {
        if (i === 150) {
          assert.throws(() => stream.feed(poisoned), (e: unknown) => e instanceof IndicatorError && e.code === 'INDICATOR_INVALID_INPUT');
        }
        stream.feed(bar);
        for (const [key, value] of Object.entries(stream.read())) (out[key] ??= []).push(value);
      });
      for (const key of Object.keys(clean)) assertSame(out[key]!, clean[key]!, `${harness.name} ${key}`);
    });
  }
});
