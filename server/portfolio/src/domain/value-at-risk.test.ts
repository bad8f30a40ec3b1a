import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fraction, readOhlcvCsv } from '@kestrel/shared';
import { historicalVar, type DailyClose } from './value-at-risk.js';

const ONE = fraction(1);

test('a hand-checked two-symbol example', () => {
  const closes = new Map<string, DailyClose[]>([
    ['AAA', [{ day: '2026-01-01', closeTicks: 100 }, { day: '2026-01-02', closeTicks: 110 }, { day: '2026-01-03', closeTicks: 99 }, { day: '2026-01-04', closeTicks: 99 }]],
    // BBB lacks 2026-01-03, so the shared days are 01, 02, 04.
    ['BBB', [{ day: '2026-01-01', closeTicks: 50 }, { day: '2026-01-02', closeTicks: 40 }, { day: '2026-01-04', closeTicks: 60 }]],
  ]);
  const result = historicalVar(
    [
      { symbol: 'AAA', quantityLots: 10, markPriceTicks: 200, valuePerTickLot: ONE },
      { symbol: 'BBB', quantityLots: -3, markPriceTicks: 70, valuePerTickLot: ONE },
    ],
    closes,
    { windowDays: 250, confidenceBps: 9900, minScenarios: 2 },
  );
  // 01->02: AAA 2000 × 10/100 = 200; BBB −210 × (−10/50) = 42 → 242.
  // 02->04: AAA 2000 × (−11/110) = −200; BBB −210 × (20/40) = −105 → −305.
  assert.deepEqual(result.scenarios, [{ day: '2026-01-02', pnlMinor: 242 }, { day: '2026-01-04', pnlMinor: -305 }]);
  assert.equal(result.valueAtRiskMinor, 305);
  assert.equal(result.expectedShortfallMinor, 305);
  assert.equal(result.firstDay, '2026-01-01');
  assert.equal(result.lastDay, '2026-01-04');
});

test('too little shared history is an error with the counts', () => {
  const closes = new Map([['AAA', [{ day: '2026-01-01', closeTicks: 100 }, { day: '2026-01-02', closeTicks: 101 }]]]);
  assert.throws(
    () => historicalVar([{ symbol: 'AAA', quantityLots: 1, markPriceTicks: 100, valuePerTickLot: ONE }], closes, { windowDays: 250, confidenceBps: 9900, minScenarios: 100 }),
    (error: Error & { code?: string; details?: { scenarios: number } }) => error.code === 'PORTFOLIO_VAR_INSUFFICIENT_HISTORY' && error.details?.scenarios === 1,
  );
});

test('no positions, no risk', () => {
  const result = historicalVar([], new Map(), { windowDays: 250, confidenceBps: 9900, minScenarios: 100 });
  assert.equal(result.valueAtRiskMinor, 0);
  assert.equal(result.scenarios.length, 0);
});

test('GOOG daily closes: 1-day 99 % VaR of a long position matches a float reference within rounding', () => {
  const text = readFileSync(fileURLToPath(new URL('../../../../../shared/data/ohlcv/GOOG.csv', import.meta.url)), 'utf8');
  const { bars } = readOhlcvCsv(text, { tickSize: '0.01' });
  const closes: DailyClose[] = bars.map((bar) => ({ day: new Date(bar.timestamp).toISOString().slice(0, 10), closeTicks: bar.ticks!.close }));
  const mark = closes[closes.length - 1]!.closeTicks; // 806.19
  const quantity = 100;
  const result = historicalVar([{ symbol: 'GOOG', quantityLots: quantity, markPriceTicks: mark, valuePerTickLot: ONE }], new Map([['GOOG', closes]]), {
    windowDays: 250,
    confidenceBps: 9900,
    minScenarios: 100,
  });
  assert.equal(result.scenarios.length, 250);
  const window = closes.slice(-251);
  const reference = window.slice(1).map((close, index) => (quantity * mark * (close.closeTicks - window[index]!.closeTicks)) / window[index]!.closeTicks);
  result.scenarios.forEach((scenario, index) => assert.ok(Math.abs(scenario.pnlMinor - reference[index]!) <= 0.5 + 1e-6));
  const sorted = [...reference].sort((a, b) => a - b);
  const k = Math.ceil(250 * 0.01); // 3 scenarios in the tail
  assert.ok(Math.abs(result.valueAtRiskMinor - -sorted[k - 1]!) <= 0.5 + 1e-6);
  assert.ok(result.valueAtRiskMinor > 0);
  assert.equal(result.tail.length, k);
  const shortfall = -(sorted[0]! + sorted[1]! + sorted[2]!) / 3;
  assert.ok(Math.abs(result.expectedShortfallMinor - shortfall) <= 1.5);
});
