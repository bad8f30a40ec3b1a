// Parameter validation (every out-of-range option is rejected with INDICATOR_INVALID_PARAMETER),
// length checks of the batch functions, and that every error code is documented.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { adx, AdxStream } from './adx.js';
import { atr, AtrStream } from './atr.js';
import { BollingerBandsStream } from './bollinger-bands.js';
import { EmaStream } from './ema.js';
import { INDICATOR_ERROR_CODES, IndicatorError, type IndicatorErrorCode } from './indicator-error.js';
import { MacdStream } from './macd.js';
import { obv } from './obv.js';
import { RsiStream } from './rsi.js';
import { SmaStream } from './sma.js';
import { StochasticStream } from './stochastic.js';
import { vwap } from './vwap.js';
import { WmaStream } from './wma.js';

function rejects(code: IndicatorErrorCode, f: () => unknown, label: string): void {
  assert.throws(f, (e: unknown) => e instanceof IndicatorError && e.code === code, label);
}

test('out-of-range parameters are rejected', () => {
  const bad: [string, () => unknown][] = [
    ['SMA 1', () => new SmaStream({ period: 1 })],
    ['SMA 2.5', () => new SmaStream({ period: 2.5 })],
    ['SMA 100001', () => new SmaStream({ period: 100_001 })],
    ['EMA NaN', () => new EmaStream({ period: NaN })],
    ['WMA 0', () => new WmaStream({ period: 0 })],
    ['RSI 1', () => new RsiStream({ period: 1 })],
    ['MACD fast = slow', () => new MacdStream({ fastPeriod: 10, slowPeriod: 10 })],
    ['MACD fast > slow', () => new MacdStream({ fastPeriod: 26, slowPeriod: 12 })],
    ['MACD signal 1', () => new MacdStream({ signalPeriod: 1 })],
    ['Bollinger period 1', () => new BollingerBandsStream({ period: 1 })],
    ['Bollinger negative k', () => new BollingerBandsStream({ deviationsUp: -1 })],
    ['Bollinger infinite k', () => new BollingerBandsStream({ deviationsDown: Infinity })],
    ['ATR 0', () => new AtrStream({ period: 0 })],
    ['ADX 1', () => new AdxStream({ period: 1 })],
    ['Stochastic fastK 0', () => new StochasticStream({ fastKPeriod: 0 })],
    ['Stochastic type', () => new StochasticStream({ slowKType: 'kama' as 'sma' })],
  ];
  for (const [label, f] of bad) rejects('INDICATOR_INVALID_PARAMETER', f, label);
  // The edges of the accepted ranges work.
  new SmaStream({ period: 100_000 });
  new AtrStream({ period: 1 });
  new StochasticStream({ fastKPeriod: 1, slowKPeriod: 1, slowDPeriod: 1 });
});

test('batch functions reject columns of different lengths', () => {
  rejects('INDICATOR_INPUT_LENGTH_MISMATCH', () => atr({ high: [1, 2], low: [1], close: [1, 2] }), 'atr');
  rejects('INDICATOR_INPUT_LENGTH_MISMATCH', () => adx({ high: [1], low: [1], close: [1, 2] }), 'adx');
  rejects('INDICATOR_INPUT_LENGTH_MISMATCH', () => obv({ close: [1, 2], volume: [1] }), 'obv');
  rejects('INDICATOR_INPUT_LENGTH_MISMATCH', () => vwap({ timestamp: [0], high: [1], low: [1], close: [1], volume: [] }), 'vwap');
});

test('non-finite inputs and negative volumes are rejected', () => {
  rejects('INDICATOR_INVALID_INPUT', () => new SmaStream().update(NaN), 'NaN');
  rejects('INDICATOR_INVALID_INPUT', () => new AtrStream().update(1, -Infinity, 1), '-Infinity');
  rejects('INDICATOR_INVALID_INPUT', () => obv({ close: [1], volume: [-5] }), 'negative volume');
});

test('every indicator error code is documented in docs/indicators.md', () => {
  const docs = readFileSync(new URL('../../../docs/indicators.md', import.meta.url), 'utf8');
  for (const code of Object.keys(INDICATOR_ERROR_CODES)) assert.ok(docs.includes(`\`${code}\``), `${code} is not in docs/indicators.md`);
});
