// Level-2 and tick replays through the same event loop, on the LOBSTER samples: the reader's
// snapshots and trades, the market maker quoting around the mid with its inventory limit, exact
// cash reconciliation, determinism, and a tick-only run filling market orders at the next print.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { defineParams, defineStrategy, type StrategyDefinition } from '@kestrel/shared';
import { builtinStrategy } from '../strategies/registry.js';
import { runBacktest } from './backtest-engine.js';
import { assertFillsReconcile } from './fill-model-fixtures.js';
import { lobsterSeries } from './lobster-book.js';

const DIR = new URL('../../../../../../shared/data/lobster/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, DIR), 'utf8');
const AMZN = lobsterSeries(read('AMZN_2012-06-21_34200000_57600000_message_1.csv'), read('AMZN_2012-06-21_34200000_57600000_orderbook_1.csv'), { symbol: 'AMZN', day: '2012-06-21', utcOffsetMinutes: -240 });
const OPTIONS = { initialCashMinor: 10_000_000, moneyDecimals: 2 };

test('the LOBSTER reader gives one snapshot per row, sorted sides, and the executions as trades', () => {
  assert.equal(AMZN.snapshots, 57_515);
  const trades = AMZN.events.filter((event) => event.kind === 'trade');
  assert.equal(trades.length + AMZN.skippedOffTickTrades, 8_974 + 2_445);
  assert.equal(AMZN.events[0]!.timeMicros, Date.parse('2012-06-21T13:30:00.017Z') * 1000 + 459);
  const aapl = lobsterSeries(
    read('aapl_l10_first999/AAPL_2012-06-21_34200000_57600000_message_10_first999.csv'),
    read('aapl_l10_first999/AAPL_2012-06-21_34200000_57600000_orderbook_10_first999.csv'),
    { symbol: 'AAPL', day: '2012-06-21', trades: false },
  );
  assert.equal(aapl.events.length, 999);
  for (const event of aapl.events) {
    assert.equal(event.kind, 'book-snapshot');
    if (event.kind !== 'book-snapshot') continue;
    assert.equal(event.asks.length, 10);
    for (let i = 1; i < 10; i++) assert.ok(event.asks[i]![0] > event.asks[i - 1]![0] && event.bids[i]![0] < event.bids[i - 1]![0]);
    assert.ok(event.bids[0]![0] < event.asks[0]![0], 'not crossed');
  }
});

test('the market maker on the AMZN book: inventory within its limit, cash reconciles, deterministic', () => {
  const run = () => runBacktest({ definition: builtinStrategy('market-maker'), params: { halfSpread: 2, size: 100, maxPosition: 300, skew: 1 } }, [AMZN], OPTIONS);
  const result = run();
  assert.equal(result.fillModel, 'L2 book, limit through');
  assert.equal(result.events, AMZN.events.length);
  assert.ok(result.fillCount > 100, `${result.fillCount} fills`);
  assertFillsReconcile(result, 'AMZN', OPTIONS.initialCashMinor, 300);
  const pnl = [...result.trades, ...result.openTrades].reduce((sum, trade) => sum + trade.pnlMinor, 0);
  assert.equal(pnl, result.finalValueMinor - OPTIONS.initialCashMinor);
  const times = result.equity.timestamps;
  assert.ok(times.length > 5_000 && times.length <= 23_401, `${times.length} points: at most one per second of a 6.5 h session`);
  for (let i = 1; i < times.length - 1; i++) assert.ok(times[i]! - times[i - 1]! >= 1_000, 'sampled at most once per second');
  assert.deepEqual(run(), result);
});

test('a tick-only run: market orders fill at the next print, timers fire on event time', () => {
  const trades = { ...AMZN, events: AMZN.events.filter((event) => event.kind === 'trade') };
  const fills: number[] = [];
  const definition = defineStrategy({
    name: 'tick-test',
    description: 'buys on a timer, sells on the next print',
    params: defineParams({}),
    create: () => ({
      onStart(ctx) {
        ctx.every(600_000, 'ten-minutes');
      },
      onTimer(ctx) {
        ctx.buy(10);
      },
      onTick(ctx) {
        if (ctx.position() > 0 && ctx.openOrders().length === 0) ctx.closePosition();
      },
      onFill(_ctx, fill) {
        fills.push(fill.priceTicks);
      },
    }),
  }) as unknown as StrategyDefinition;
  const result = runBacktest({ definition }, [trades], OPTIONS);
  assert.equal(result.trades.length, Math.floor((result.equity.timestamps.at(-1)! - result.equity.timestamps[0]!) / 600_000));
  const prints = trades.events.map((event) => (event.kind === 'trade' ? event.priceTicks : 0));
  for (const price of fills) assert.ok(prints.includes(price), 'every fill is at a printed price');
});
