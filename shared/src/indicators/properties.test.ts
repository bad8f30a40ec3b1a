// Property tests on seeded random series: invariants every indicator must keep whatever the data,
// and the exact-window guarantee of the SMA/WMA/Bollinger middle band (equal windows give
// bit-identical values, which a plain running sum does not: checked on the same data).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomBars, randomWalk, seededRandom } from '../testing/random.js';
import { adx } from './adx.js';
import { atr } from './atr.js';
import { bollingerBands } from './bollinger-bands.js';
import { ema } from './ema.js';
import { macd } from './macd.js';
import { obv } from './obv.js';
import { rsi } from './rsi.js';
import { sma } from './sma.js';
import { stochastic } from './stochastic.js';
import { wma } from './wma.js';

const SEEDS = 40;

/** A series whose values repeat with `cycle`, with prices of mixed magnitude and many decimals. */
function periodicSeries(seed: number, cycle: number, repeats: number): number[] {
  const random = seededRandom(seed);
  const base = Array.from({ length: cycle }, () => (random() * 10 ** Math.floor(random() * 6)) / 7);
  return Array.from({ length: cycle * repeats }, (_, i) => base[i % cycle]!);
}

/** A plain running-sum SMA (what TA-Lib does): the control that shows the property is not vacuous. */
function runningSumSma(values: number[], period: number): number[] {
  const out: number[] = [];
  let sum = 0;
  values.forEach((v, i) => {
    sum += v;
    if (i >= period) sum -= values[i - period]!;
    out.push(i >= period - 1 ? sum / period : NaN);
  });
  return out;
}

test('equal windows give bit-identical SMA, WMA and Bollinger values (a running sum does not)', () => {
  let runningSumDiffers = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const cycle = 7 + (seed % 13);
    const values = periodicSeries(seed, cycle, 200);
    for (const period of [2, 5, 30]) {
      const outputs = { sma: sma(values, { period }), wma: wma(values, { period }), middle: bollingerBands(values, { period }).middle };
      const upper = bollingerBands(values, { period }).upper;
      for (let i = period - 1 + cycle; i < values.length; i++) {
        for (const [name, out] of Object.entries(outputs)) {
          assert.equal(out[i], out[i - cycle], `${name} seed ${seed} period ${period} index ${i}`);
        }
        assert.equal(upper[i], upper[i - cycle], `upper seed ${seed} period ${period} index ${i}`);
      }
      const naive = runningSumSma(values, period);
      for (let i = period - 1 + cycle; i < values.length; i++) if (naive[i] !== naive[i - cycle]) runningSumDiffers++;
    }
  }
  assert.ok(runningSumDiffers > 0, 'control: a plain running sum should drift on this data');
});

test('SMA, WMA and Bollinger of a constant series are exactly that constant (sigma 0); EMA within the rounding of its seed', () => {
  const random = seededRandom(99);
  for (let k = 0; k < SEEDS; k++) {
    const c = Math.round(random() * 1e6) / 100 + 0.01;
    const values = new Array<number>(500).fill(c);
    for (const period of [2, 9, 50]) {
      for (const out of [sma(values, { period }), wma(values, { period })]) {
        for (let i = period - 1; i < values.length; i++) assert.equal(out[i], c, `constant ${c} period ${period} index ${i}`);
      }
      // The EMA seed is TA-Lib's plain sequential sum / period: up to ~period rounding errors.
      const smoothed = ema(values, { period });
      const bound = c * period * Number.EPSILON;
      for (let i = period - 1; i < values.length; i++) assert.ok(Math.abs(smoothed[i]! - c) <= bound, `EMA ${c} index ${i}`);
      const bands = bollingerBands(values, { period });
      for (let i = period - 1; i < values.length; i++) {
        assert.equal(bands.upper[i], c);
        assert.equal(bands.lower[i], c);
      }
    }
  }
});

test('moving averages stay within the window range; Bollinger bands are ordered', () => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    const values = randomWalk(seededRandom(seed), 400);
    for (const period of [2, 10, 33]) {
      const averages = [sma(values, { period }), wma(values, { period })];
      const bands = bollingerBands(values, { period, deviationsUp: 1.5, deviationsDown: 2.5 });
      for (let i = period - 1; i < values.length; i++) {
        const window = values.slice(i - period + 1, i + 1);
        const lo = Math.min(...window);
        const hi = Math.max(...window);
        for (const out of averages) assert.ok(out[i]! >= lo && out[i]! <= hi, `seed ${seed} period ${period} index ${i}`);
        assert.ok(bands.lower[i]! <= bands.middle[i]! && bands.middle[i]! <= bands.upper[i]!, `bands seed ${seed} index ${i}`);
      }
    }
  }
});

test('oscillators stay within [0, 100]; ATR >= 0; lookbacks are NaN and everything after is finite', () => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    const bars = randomBars(seededRandom(seed), 500);
    const checks: [string, Float64Array, number, number, number][] = [
      ['RSI', rsi(bars.close, { period: 14 }), 14, 0, 100],
      ['ADX', adx(bars, { period: 10 }).adx, 19, 0, 100],
      ['+DI', adx(bars, { period: 10 }).plusDi, 10, 0, 100],
      ['-DI', adx(bars, { period: 10 }).minusDi, 10, 0, 100],
      ['%K', stochastic(bars, { fastKPeriod: 14 }).k, 17, 0, 100],
      ['%D', stochastic(bars, { fastKPeriod: 14 }).d, 17, 0, 100],
      ['ATR', atr(bars, { period: 7 }), 7, 0, Infinity],
      ['MACD hist', macd(bars.close).histogram, 33, -Infinity, Infinity],
    ];
    for (const [name, out, lookback, lo, hi] of checks) {
      for (let i = 0; i < out.length; i++) {
        if (i < lookback) assert.ok(Number.isNaN(out[i]), `${name} seed ${seed}: index ${i} inside the lookback is not NaN`);
        else assert.ok(out[i]! >= lo - 1e-9 && out[i]! <= hi + 1e-9, `${name} seed ${seed}: index ${i} = ${out[i]}`);
      }
    }
  }
});

test('OBV moves by exactly +volume, -volume or 0 with the close', () => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    const bars = randomBars(seededRandom(seed), 300);
    const out = obv(bars);
    assert.equal(out[0], bars.volume[0]);
    for (let i = 1; i < out.length; i++) {
      const change = bars.close[i]! - bars.close[i - 1]!;
      const expected = change > 0 ? bars.volume[i]! : change < 0 ? -bars.volume[i]! : 0;
      assert.ok(out[i]! - out[i - 1]! === expected, `seed ${seed} index ${i}: ${out[i]! - out[i - 1]!} !== ${expected}`);
    }
  }
});

test('a series shorter than the lookback gives only NaN, and empty input gives empty output', () => {
  assert.equal(sma([], { period: 5 }).length, 0);
  assert.ok(sma([1, 2, 3, 4], { period: 5 }).every(Number.isNaN));
  assert.ok(macd([1, 2, 3]).signal.every(Number.isNaN));
  assert.ok(adx({ high: [2, 3], low: [1, 2], close: [1.5, 2.5] }).adx.every(Number.isNaN));
});
