import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BAR_INTERVALS, BAR_INTERVAL_MICROS, type BarGap, type LiveBar } from '@kestrel/shared';
import { BarAggregator, type BarListener } from './bar-aggregator.js';
import { aggregateTrades, type TradePrint } from './bar-math.js';

const T0 = Date.UTC(2024, 4, 6, 13, 30) * 1000;
const S = 1_000_000;

class Recorder implements BarListener {
  bars: LiveBar[] = [];
  gaps: BarGap[] = [];
  bar(bar: LiveBar) {
    this.bars.push(bar);
  }
  gap(gap: BarGap) {
    this.gaps.push(gap);
  }
  finals(interval: string) {
    return this.bars.filter((bar) => bar.final && bar.interval === interval);
  }
}

const trade = (offsetMicros: number, priceTicks: number, quantityLots = 1): TradePrint => ({ timeMicros: T0 + offsetMicros, priceTicks, quantityLots });

describe('BarAggregator', () => {
  it('updates the open bar of every interval on each trade and finishes it when a later bucket starts', () => {
    const aggregator = new BarAggregator('AAPL');
    const out = new Recorder();
    aggregator.addTrade(trade(0, 100), out);
    assert.equal(out.bars.length, BAR_INTERVALS.length);
    assert.ok(out.bars.every((bar) => !bar.final));
    aggregator.addTrade(trade(S - 1, 102), out); // last microsecond of the first second
    aggregator.addTrade(trade(S, 101), out); // first microsecond of the next second
    const [first] = out.finals('1s');
    assert.deepEqual(
      { start: first!.startMicros, open: first!.open, high: first!.high, close: first!.close, count: first!.tradeCount },
      { start: T0, open: 100, high: 102, close: 102, count: 2 },
    );
    assert.equal(out.finals('1m').length, 0, 'the minute is still open');
  });

  it('reports an absent stretch as one gap, never as flat bars', () => {
    const aggregator = new BarAggregator('AAPL', ['1s', '1m']);
    const out = new Recorder();
    aggregator.addTrade(trade(0, 100), out);
    aggregator.addTrade(trade(5 * S + 10, 100), out);
    assert.deepEqual(out.gaps, [{ symbol: 'AAPL', interval: '1s', fromMicros: T0 + S, toMicros: T0 + 5 * S, missingBars: 4 }]);
    assert.equal(out.finals('1s').length, 1, 'only the bar that had a trade');
  });

  it('emits no gap before the first trade it sees (earlier history is unknown, not empty)', () => {
    const aggregator = new BarAggregator('AAPL');
    const out = new Recorder();
    aggregator.addTrade(trade(3_600 * S, 100), out);
    assert.deepEqual(out.gaps, []);
  });

  it('finishes bars by time with advanceTo, and a trade in a finished bucket is late', () => {
    const aggregator = new BarAggregator('AAPL', ['1s']);
    const out = new Recorder();
    aggregator.addTrade(trade(100, 100), out);
    aggregator.advanceTo(T0 + S - 1, out);
    assert.equal(out.finals('1s').length, 0);
    aggregator.advanceTo(T0 + S, out);
    assert.equal(out.finals('1s').length, 1);
    assert.equal(aggregator.addTrade(trade(500, 99), out), false);
    assert.equal(aggregator.lateTrades, 1);
    assert.equal(out.finals('1s')[0]!.low, 100, 'the late trade changed nothing');
    assert.deepEqual(aggregator.openBars(), []);
  });

  it('produces exactly the batch bars for trades in time order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ step: fc.integer({ min: 0, max: 90 * S }), price: fc.integer({ min: 1, max: 500 }), lots: fc.integer({ min: 1, max: 50 }) }), { minLength: 1, maxLength: 200 }),
        (steps) => {
          let time = T0;
          const trades = steps.map((s) => ({ timeMicros: (time += s.step), priceTicks: s.price, quantityLots: s.lots }));
          const aggregator = new BarAggregator('X');
          const out = new Recorder();
          for (const t of trades) aggregator.addTrade(t, out);
          aggregator.advanceTo(Number.MAX_SAFE_INTEGER, out);
          for (const interval of BAR_INTERVALS) {
            const live = out.finals(interval).map((bar) => ({
              startMicros: bar.startMicros,
              open: bar.open,
              high: bar.high,
              low: bar.low,
              close: bar.close,
              volumeLots: bar.volumeLots,
              tradeCount: bar.tradeCount,
              vwapNumerator: BigInt(bar.vwapNumerator),
            }));
            assert.deepEqual(live, aggregateTrades(trades, interval), interval);
            const missing = out.gaps.filter((gap) => gap.interval === interval).reduce((sum, gap) => sum + gap.missingBars, 0);
            const first = live[0]!.startMicros;
            const last = live[live.length - 1]!.startMicros;
            assert.equal(live.length + missing, (last - first) / BAR_INTERVAL_MICROS[interval] + 1, `${interval}: bars + absent bars tile the span`);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
