import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BAR_INTERVALS, ROLLUP_SOURCE, type BarInterval } from '@kestrel/shared';
import { aggregateTrades, rollUp, type TradePrint } from './bar-math.js';

const DAY = 86_400_000_000;
const BASE = Date.UTC(2024, 4, 6) * 1000;

/** Trades spread over two days with many ties in time. */
const tradesArb = fc.array(
  fc.record({
    timeMicros: fc.oneof(fc.integer({ min: BASE, max: BASE + 2 * DAY }), fc.constantFrom(BASE, BASE + 59_999_999, BASE + 60_000_000)),
    priceTicks: fc.integer({ min: 1, max: 1_000_000 }),
    quantityLots: fc.integer({ min: 1, max: 10_000 }),
  }),
  { maxLength: 300 },
);

describe('bar math', () => {
  it('builds OHLCV, trade count and VWAP numerator exactly, with open/close by time and ties by arrival', () => {
    const trades: TradePrint[] = [
      { timeMicros: BASE + 500, priceTicks: 101, quantityLots: 2 },
      { timeMicros: BASE + 100, priceTicks: 100, quantityLots: 1 }, // earlier, arrives later: the open
      { timeMicros: BASE + 100, priceTicks: 99, quantityLots: 1 }, // tie with the open: arrived after, not the open
      { timeMicros: BASE + 900, priceTicks: 105, quantityLots: 3 },
      { timeMicros: BASE + 900, priceTicks: 103, quantityLots: 4 }, // tie with the last: arrived last, the close
    ];
    const [bar] = aggregateTrades(trades, '1s');
    assert.deepEqual(bar, {
      startMicros: BASE,
      open: 100,
      high: 105,
      low: 99,
      close: 103,
      volumeLots: 11,
      tradeCount: 5,
      vwapNumerator: BigInt(101 * 2 + 100 + 99 + 105 * 3 + 103 * 4),
    });
  });

  it('makes no bar for a bucket without trades (no flat bars)', () => {
    const bars = aggregateTrades(
      [
        { timeMicros: BASE, priceTicks: 10, quantityLots: 1 },
        { timeMicros: BASE + 5_000_000, priceTicks: 11, quantityLots: 1 },
      ],
      '1s',
    );
    assert.deepEqual(bars.map((bar) => bar.startMicros), [BASE, BASE + 5_000_000]);
  });

  it('rolling finer bars up gives exactly the bars built from the trades (every interval)', () => {
    fc.assert(
      fc.property(tradesArb, (trades) => {
        for (const interval of BAR_INTERVALS.slice(1) as Exclude<BarInterval, '1s'>[]) {
          const direct = aggregateTrades(trades, interval);
          const viaSource = rollUp(aggregateTrades(trades, ROLLUP_SOURCE[interval]), interval);
          const viaSeconds = rollUp(aggregateTrades(trades, '1s'), interval);
          assert.deepEqual(viaSource, direct, interval);
          assert.deepEqual(viaSeconds, direct, interval);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('marks trade count and VWAP numerator unknown as soon as one rolled-up bar lacks them', () => {
    const [bar] = rollUp(
      [
        { startMicros: BASE, open: 1, high: 2, low: 1, close: 2, volumeLots: 5, tradeCount: 3, vwapNumerator: 8n },
        { startMicros: BASE + 60_000_000, open: 2, high: 3, low: 2, close: 3, volumeLots: 5, tradeCount: null, vwapNumerator: null },
      ],
      '5m',
    );
    assert.equal(bar!.tradeCount, null);
    assert.equal(bar!.vwapNumerator, null);
    assert.equal(bar!.volumeLots, 10);
  });

  it('refuses unsorted input to a roll-up', () => {
    assert.throws(
      () =>
        rollUp(
          [
            { startMicros: BASE + DAY, open: 1, high: 1, low: 1, close: 1, volumeLots: 1, tradeCount: 1, vwapNumerator: 1n },
            { startMicros: BASE, open: 1, high: 1, low: 1, close: 1, volumeLots: 1, tradeCount: 1, vwapNumerator: 1n },
          ],
          '1d',
        ),
      RangeError,
    );
  });
});
