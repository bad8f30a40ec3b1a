// Streaming-indicator benchmark: updates per second of each streaming class over 1,000,000
// synthetic bars (seeded random walk, 2-decimal prices), next to a naive baseline measured in the
// same run: for windowed indicators the per-window recomputation (what exact equal-window values
// would cost without ExactSum), for recursive ones the bare inline recurrence without classes or
// input checks (so the ratio shows the API's overhead). Best of 3 runs each, in CPU time; a
// checksum of every output is printed so no work can be optimised away.
// Run: npx tsx shared/src/indicators/indicators.bench.ts [bars]

import { randomBars, seededRandom } from '../testing/random.js';
import { AdxStream } from './adx.js';
import { AtrStream } from './atr.js';
import { BollingerBandsStream } from './bollinger-bands.js';
import { EmaStream } from './ema.js';
import { MacdStream } from './macd.js';
import { ObvStream } from './obv.js';
import { RsiStream } from './rsi.js';
import { SmaStream } from './sma.js';
import { StochasticStream } from './stochastic.js';
import { trueRange } from './true-range.js';
import { VwapStream } from './vwap.js';
import { WmaStream } from './wma.js';

const N = Number(process.argv[2] ?? 1_000_000);
const raw = randomBars(seededRandom(42), N);
const high = Float64Array.from(raw.high);
const low = Float64Array.from(raw.low);
const close = Float64Array.from(raw.close);
const volume = Float64Array.from(raw.volume);
const timestamp = Float64Array.from({ length: N }, (_, i) => Date.UTC(2024, 0, 1) + i * 60_000);

let checksum = 0;
/** Adds finite outputs to the checksum (NaN lookback values are skipped). */
function sink(v: number): void {
  if (v === v) checksum += v;
}

/**
 * Best-of-3 updates per second of `run` (which processes all N bars), in process CPU time rather
 * than wall time so other load on a shared machine distorts the numbers less.
 */
function measure(run: () => void): number {
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  return N / best;
}

/** Naive per-window mean, recomputed from the window every bar. */
function naiveSma(period: number): void {
  for (let i = 0; i < N; i++) {
    if (i < period - 1) continue;
    let sum = 0;
    for (let j = i - period + 1; j <= i; j++) sum += close[j]!;
    sink(sum / period);
  }
}

function naiveWma(period: number): void {
  const divider = (period * (period + 1)) / 2;
  for (let i = period - 1; i < N; i++) {
    let sum = 0;
    for (let j = 0; j < period; j++) sum += (j + 1) * close[i - period + 1 + j]!;
    sink(sum / divider);
  }
}

function naiveBollinger(period: number): void {
  for (let i = period - 1; i < N; i++) {
    let sum = 0;
    let squares = 0;
    for (let j = i - period + 1; j <= i; j++) {
      sum += close[j]!;
      squares += close[j]! * close[j]!;
    }
    const mean = sum / period;
    const sigma = Math.sqrt(Math.max(0, squares / period - mean * mean));
    sink(mean + 2 * sigma);
  }
}

function naiveStochastic(fastK: number, smooth: number): void {
  const fast = new Float64Array(N);
  for (let i = fastK - 1; i < N; i++) {
    let hh = -Infinity;
    let ll = Infinity;
    for (let j = i - fastK + 1; j <= i; j++) {
      if (high[j]! > hh) hh = high[j]!;
      if (low[j]! < ll) ll = low[j]!;
    }
    fast[i] = hh === ll ? 0 : ((close[i]! - ll) / (hh - ll)) * 100;
    if (i >= fastK - 1 + 2 * (smooth - 1)) {
      let d = 0;
      for (let a = 0; a < smooth; a++) {
        let k = 0;
        for (let b = 0; b < smooth; b++) k += fast[i - a - b]!;
        d += k / smooth;
      }
      sink(d / smooth);
    }
  }
}

function naiveEma(period: number): void {
  const k = 2 / (period + 1);
  let ema = 0;
  for (let i = 0; i < N; i++) {
    if (i < period) ema += close[i]! / period;
    else ema = (close[i]! - ema) * k + ema;
    sink(ema);
  }
}

function naiveRsi(period: number): void {
  let gain = 0;
  let loss = 0;
  for (let i = 1; i < N; i++) {
    const change = close[i]! - close[i - 1]!;
    const up = change > 0 ? change : 0;
    const down = change < 0 ? -change : 0;
    if (i <= period) {
      gain += up / period;
      loss += down / period;
    } else {
      gain = (gain * (period - 1) + up) / period;
      loss = (loss * (period - 1) + down) / period;
    }
    sink(gain + loss === 0 ? 0 : (100 * gain) / (gain + loss));
  }
}

function naiveMacd(): void {
  let fast = close[0]!;
  let slow = close[0]!;
  let signal = 0;
  for (let i = 0; i < N; i++) {
    fast = (close[i]! - fast) * (2 / 13) + fast;
    slow = (close[i]! - slow) * (2 / 27) + slow;
    signal = (fast - slow - signal) * (2 / 10) + signal;
    sink(fast - slow - signal);
  }
}

function naiveAtr(period: number): void {
  let atr = 0;
  for (let i = 1; i < N; i++) {
    const tr = trueRange(high[i]!, low[i]!, close[i - 1]!);
    atr = i <= period ? atr + tr / period : (atr * (period - 1) + tr) / period;
    sink(atr);
  }
}

function naiveAdx(period: number): void {
  let plus = 0;
  let minus = 0;
  let range = 0;
  let adx = 0;
  for (let i = 1; i < N; i++) {
    const up = high[i]! - high[i - 1]!;
    const down = low[i - 1]! - low[i]!;
    plus = plus - plus / period + (up > down && up > 0 ? up : 0);
    minus = minus - minus / period + (down > up && down > 0 ? down : 0);
    range = range - range / period + trueRange(high[i]!, low[i]!, close[i - 1]!);
    const pdi = (100 * plus) / range;
    const mdi = (100 * minus) / range;
    const dx = pdi + mdi === 0 ? 0 : (100 * Math.abs(pdi - mdi)) / (pdi + mdi);
    adx = (adx * (period - 1) + dx) / period;
    sink(adx);
  }
}

function naiveObv(): void {
  let obv = volume[0]!;
  for (let i = 1; i < N; i++) {
    obv += close[i]! > close[i - 1]! ? volume[i]! : close[i]! < close[i - 1]! ? -volume[i]! : 0;
    sink(obv);
  }
}

function naiveVwap(): void {
  let pv = 0;
  let v = 0;
  let day = -1;
  for (let i = 0; i < N; i++) {
    const d = Math.floor(timestamp[i]! / 86_400_000);
    if (d !== day) {
      day = d;
      pv = 0;
      v = 0;
    }
    pv += ((high[i]! + low[i]! + close[i]!) / 3) * volume[i]!;
    v += volume[i]!;
    sink(v > 0 ? pv / v : NaN);
  }
}

interface Row {
  name: string;
  ours: () => void;
  naive: () => void;
  baseline: string;
}

const ROWS: Row[] = [
  { name: 'SMA(30)', ours: () => { const s = new SmaStream({ period: 30 }); for (let i = 0; i < N; i++) sink(s.update(close[i]!)); }, naive: () => naiveSma(30), baseline: 'per-window sum' },
  { name: 'SMA(200)', ours: () => { const s = new SmaStream({ period: 200 }); for (let i = 0; i < N; i++) sink(s.update(close[i]!)); }, naive: () => naiveSma(200), baseline: 'per-window sum' },
  { name: 'EMA(30)', ours: () => { const s = new EmaStream({ period: 30 }); for (let i = 0; i < N; i++) sink(s.update(close[i]!)); }, naive: () => naiveEma(30), baseline: 'inline recurrence' },
  { name: 'WMA(30)', ours: () => { const s = new WmaStream({ period: 30 }); for (let i = 0; i < N; i++) sink(s.update(close[i]!)); }, naive: () => naiveWma(30), baseline: 'per-window sum' },
  { name: 'RSI(14)', ours: () => { const s = new RsiStream(); for (let i = 0; i < N; i++) sink(s.update(close[i]!)); }, naive: () => naiveRsi(14), baseline: 'inline recurrence' },
  { name: 'MACD(12,26,9)', ours: () => { const s = new MacdStream(); for (let i = 0; i < N; i++) sink(s.update(close[i]!).histogram); }, naive: naiveMacd, baseline: 'inline recurrence' },
  { name: 'Bollinger(20,2,2)', ours: () => { const s = new BollingerBandsStream({ period: 20 }); for (let i = 0; i < N; i++) sink(s.update(close[i]!).upper); }, naive: () => naiveBollinger(20), baseline: 'per-window sums' },
  { name: 'ATR(14)', ours: () => { const s = new AtrStream(); for (let i = 0; i < N; i++) sink(s.update(high[i]!, low[i]!, close[i]!)); }, naive: () => naiveAtr(14), baseline: 'inline recurrence' },
  { name: 'ADX(14) +DI -DI', ours: () => { const s = new AdxStream(); for (let i = 0; i < N; i++) sink(s.update(high[i]!, low[i]!, close[i]!).adx); }, naive: () => naiveAdx(14), baseline: 'inline recurrence' },
  { name: 'Stochastic(14,3,3)', ours: () => { const s = new StochasticStream({ fastKPeriod: 14 }); for (let i = 0; i < N; i++) sink(s.update(high[i]!, low[i]!, close[i]!).d); }, naive: () => naiveStochastic(14, 3), baseline: 'per-window scans' },
  { name: 'OBV', ours: () => { const s = new ObvStream(); for (let i = 0; i < N; i++) sink(s.update(close[i]!, volume[i]!)); }, naive: naiveObv, baseline: 'inline recurrence' },
  { name: 'VWAP (daily)', ours: () => { const s = new VwapStream(); for (let i = 0; i < N; i++) sink(s.update(timestamp[i]!, high[i]!, low[i]!, close[i]!, volume[i]!)); }, naive: naiveVwap, baseline: 'inline recurrence' },
];

const format = (rate: number) => `${(rate / 1e6).toFixed(1)} M/s`;
console.log(`streaming indicators, ${N.toLocaleString('en-US')} bars, best of 3, CPU time (node ${process.version})`);
console.log('| indicator | streaming updates/s | naive baseline | baseline updates/s | ratio |');
console.log('|---|---|---|---|---|');
for (const row of ROWS) {
  const ours = measure(row.ours);
  const naive = measure(row.naive);
  console.log(`| ${row.name} | ${format(ours)} | ${row.baseline} | ${format(naive)} | ${(ours / naive).toFixed(2)}x |`);
}
console.log(`checksum ${checksum.toExponential(6)}`);
