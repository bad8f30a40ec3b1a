// The event loop and the simulated account end to end: hook order, delivery of outcomes after the
// hook that caused them, exact accounting (cash and P&L reconcile to the minor unit), rejections as
// order updates, timers, warm-up, multi-symbol merging, determinism for a seed, cancellation and
// strategy failures.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { defineParams, defineStrategy, readOhlcvCsv, type Strategy, type StrategyDefinition } from '@kestrel/shared';
import { runBacktest, type BacktestOptions } from './backtest-engine.js';
import { barSeries, seriesBar, seriesLength, seriesTime, sliceByTime, type BarSeries } from './bar-series.js';
import { ORDER_HISTORY } from './simulated-broker.js';
import { syntheticBars, syntheticSeries } from './synthetic-bars.js';

const GOOG = barSeries('GOOG', readOhlcvCsv(readFileSync(new URL('../../../../../../shared/data/ohlcv/GOOG.csv', import.meta.url), 'utf8')).bars);
const OPTIONS: BacktestOptions = { initialCashMinor: 1_000_000, moneyDecimals: 2 };

/** A strategy defined inline for one test. */
function inline(create: () => Strategy, params = defineParams({})): StrategyDefinition {
  return defineStrategy({ name: 'test', description: 'test', params, create }) as unknown as StrategyDefinition;
}

/** Trades at random with market, limit and stop orders; uses ctx.random so the seed matters. */
const randomTrader = inline(() => ({
  onBar(ctx, bar) {
    const r = ctx.random();
    const position = ctx.position();
    if (r < 0.05) ctx.buy(1 + Math.floor(ctx.random() * 5));
    else if (r < 0.1 && position !== 0) ctx.closePosition();
    else if (r < 0.13) ctx.sell(1 + Math.floor(ctx.random() * 3), { limitPriceTicks: bar.ticks.close + 20 });
    else if (r < 0.15) ctx.buy(2, { stopPriceTicks: bar.ticks.high + 10, timeInForce: 'DAY' });
    else if (r < 0.16) ctx.cancelAll();
  },
}));

test('the account reconciles exactly: cash from fills, P&L of trades, final value', () => {
  const result = runBacktest({ definition: randomTrader }, [GOOG], {
    ...OPTIONS,
    commission: [{ kind: 'per-share', rate: '0.005', minimum: '1' }, { kind: 'percent', percent: '0.01' }],
    slippage: { kind: 'ticks', ticks: 1 },
    seed: 7,
  });
  assert.ok(result.fills.length > 100, `${result.fills.length} fills`);
  let cash = OPTIONS.initialCashMinor;
  let position = 0;
  for (const fill of result.fills) {
    const sign = fill.side === 'buy' ? 1 : -1;
    cash -= sign * fill.priceTicks * fill.quantityLots + fill.feeMinor;
    position += sign * fill.quantityLots;
  }
  assert.equal(result.cashMinor, cash);
  assert.equal(result.positions.GOOG, position);
  const lastClose = GOOG.bars.at(-1)!.ticks.close;
  assert.equal(result.finalValueMinor, cash + position * lastClose);
  const pnl = [...result.trades, ...result.openTrades].reduce((sum, trade) => sum + trade.pnlMinor, 0);
  assert.equal(pnl, result.finalValueMinor - OPTIONS.initialCashMinor, 'round trips account for every minor unit');
  assert.equal(result.commissionMinor, result.fills.reduce((sum, fill) => sum + fill.feeMinor, 0));
  for (const trade of result.trades) {
    assert.ok(trade.maeMinor <= 0 && trade.mfeMinor >= 0, 'excursions have their signs');
    assert.ok(trade.maeMinor <= trade.grossPnlMinor && trade.grossPnlMinor <= trade.mfeMinor, 'the outcome lies within the excursions');
  }
});

test('same seed, same result; another seed, another result', () => {
  const run = (seed: number) => runBacktest({ definition: randomTrader }, [GOOG], { ...OPTIONS, seed });
  const a = run(3);
  const b = run(3);
  assert.deepEqual(a, b);
  assert.notDeepEqual(run(4).fills, a.fills);
});

test('hook order: onStart, fills and updates before the next onBar, timers before their bar, onStop last', () => {
  const bars = syntheticBars(5, { intervalMs: 60_000 });
  const log: string[] = [];
  const definition = inline(() => ({
    onStart(ctx) {
      log.push('start');
      ctx.setTimer(bars[2]!.timestamp, 'at-bar-2');
    },
    onBar(ctx, bar) {
      log.push(`bar ${bar.timestamp === bars[0]!.timestamp ? 0 : (bar.timestamp - bars[0]!.timestamp) / 60_000}`);
      if (bar === bars[0]) ctx.buy(1);
    },
    onOrderUpdate(_ctx, order) {
      log.push(`order ${order.status}`);
    },
    onFill(ctx, fill) {
      log.push(`fill ${fill.quantityLots}@${fill.priceTicks} position ${ctx.position()}`);
    },
    onTimer(ctx, timer) {
      log.push(`timer ${timer.name} now=${ctx.now() === bars[2]!.timestamp}`);
    },
    onStop() {
      log.push('stop');
    },
  }));
  runBacktest({ definition }, [{ symbol: 'SYN', tickSize: '0.01', bars }], OPTIONS);
  assert.deepEqual(log, ['start', 'bar 0', 'order accepted', `fill 1@${bars[1]!.ticks.open} position 1`, 'order filled', 'bar 1', 'timer at-bar-2 now=true', 'bar 2', 'bar 3', 'bar 4', 'stop']);
});

test('invalid and unaffordable orders are rejected as order updates with stable reasons', () => {
  const reasons: (string | null)[] = [];
  const definition = inline(() => ({
    onBar(ctx, bar) {
      if (bar !== GOOG.bars[0]) return;
      ctx.submit({ side: 'buy', type: 'limit', quantityLots: 1 });
      ctx.submit({ side: 'buy', type: 'market', quantityLots: 1, symbol: 'NOPE' });
      ctx.buy(1_000_000);
      ctx.sell(1);
      ctx.buy(1, { clientOrderId: 'dup' });
      ctx.buy(1, { clientOrderId: 'dup' });
    },
    onOrderUpdate(_ctx, order) {
      if (order.status === 'rejected') reasons.push(order.rejectReason);
    },
  }));
  const result = runBacktest({ definition }, [GOOG], { ...OPTIONS, cashCheck: true, allowShort: false });
  assert.deepEqual(reasons, ['ORDER_PRICE_REQUIRED', 'ORDER_INSTRUMENT_UNKNOWN', 'PORTFOLIO_INSUFFICIENT_BUYING_POWER', 'PORTFOLIO_SHORT_NOT_ALLOWED', 'ORDER_DUPLICATE_CLIENT_ORDER_ID']);
  assert.equal(result.rejectedOrders, 5);
  assert.equal(result.fillCount, 1);
});

test('periodic timers fire once per due time, in order, and can be cancelled', () => {
  const bars = syntheticBars(100, { intervalMs: 60_000 });
  const fired: number[] = [];
  const definition = inline(() => {
    let id = '';
    return {
      onStart(ctx) {
        id = ctx.every(600_000, 'ten-minutes');
      },
      onTimer(ctx, timer) {
        fired.push((timer.timestamp - bars[0]!.timestamp) / 60_000);
        if (fired.length === 5) ctx.cancelTimer(id);
      },
    };
  });
  runBacktest({ definition }, [{ symbol: 'SYN', tickSize: '0.01', bars }], OPTIONS);
  assert.deepEqual(fired, [10, 20, 30, 40, 50]);
});

test('warm-up bars feed indicators but the strategy starts at startTime; the curve starts there too', () => {
  const seen: number[] = [];
  const definition = inline(() => {
    let average: { ready: boolean } = { ready: false };
    return {
      onStart(ctx) {
        average = ctx.sma(50);
      },
      onBar(_ctx, bar) {
        if (seen.length === 0) assert.ok(average.ready, 'the SMA is warm at the first bar the strategy sees');
        seen.push(bar.timestamp);
      },
    };
  });
  const start = GOOG.bars[60]!.timestamp;
  const result = runBacktest({ definition }, [GOOG], { ...OPTIONS, startTime: start });
  assert.equal(seen[0], start);
  assert.equal(seen.length, GOOG.bars.length - 60);
  assert.equal(result.equity.timestamps.length, GOOG.bars.length - 60);
  assert.equal(result.events, GOOG.bars.length);
});

test('several symbols merge in time order and the curve has one point per timestamp', () => {
  const a = syntheticBars(50, { symbol: 'AAA', seed: 1, intervalMs: 120_000 });
  const b = syntheticBars(100, { symbol: 'BBB', seed: 2, intervalMs: 60_000 });
  const order: string[] = [];
  const definition = inline(() => ({
    onBar(ctx, bar) {
      order.push(`${bar.symbol}@${bar.timestamp}`);
      if (ctx.bars(bar.symbol).count === 10) ctx.buy(3, { symbol: bar.symbol });
    },
  }));
  const series: BarSeries[] = [{ symbol: 'AAA', tickSize: '0.01', bars: a }, { symbol: 'BBB', tickSize: '0.01', bars: b }];
  const result = runBacktest({ definition }, series, OPTIONS);
  const expected = [...a, ...b].sort((x, y) => x.timestamp - y.timestamp || (x.symbol < y.symbol ? -1 : 1)).map((bar) => `${bar.symbol}@${bar.timestamp}`);
  assert.deepEqual(order, expected);
  assert.equal(result.equity.timestamps.length, 100);
  assert.deepEqual(result.positions, { AAA: 3, BBB: 3 });
  const last = result.equity.valuesMinor.at(-1)!;
  assert.equal(last, result.cashMinor + 3 * a.at(-1)!.ticks.close + 3 * b.at(-1)!.ticks.close);
});

test('an aborted signal cancels the run with BACKTEST_CANCELLED', () => {
  const controller = new AbortController();
  controller.abort();
  const bars = syntheticBars(10_000);
  assert.throws(
    () => runBacktest({ definition: randomTrader }, [{ symbol: 'SYN', tickSize: '0.01', bars }], { ...OPTIONS, signal: controller.signal }),
    (e: unknown) => (e as { code?: string }).code === 'BACKTEST_CANCELLED',
  );
});

test('a strategy exception becomes BACKTEST_STRATEGY_FAILED naming the hook and the time', () => {
  const definition = inline(() => ({
    onBar(_ctx, bar) {
      if (bar === GOOG.bars[3]) throw new Error('boom');
    },
  }));
  assert.throws(
    () => runBacktest({ definition }, [GOOG], OPTIONS),
    (e: unknown) => (e as { code?: string }).code === 'BACKTEST_STRATEGY_FAILED' && /test\.onBar at 2004-08-24T00:00:00\.000Z: boom/.test((e as Error).message),
  );
});

test('bad options and parameters are refused before the run', () => {
  const bad: [Partial<BacktestOptions>, string][] = [
    [{ initialCashMinor: 0 }, 'BACKTEST_INVALID_CONFIG'],
    [{ initialCashMinor: 1.5 }, 'BACKTEST_INVALID_CONFIG'],
    [{ moneyDecimals: 1 }, 'BACKTEST_INVALID_CONFIG'],
    [{ seed: 0.5 }, 'BACKTEST_INVALID_CONFIG'],
  ];
  for (const [options, code] of bad) {
    assert.throws(() => runBacktest({ definition: randomTrader }, [GOOG], { ...OPTIONS, ...options }), (e: unknown) => (e as { code?: string }).code === code, JSON.stringify(options));
  }
  const withParams = inline(() => ({}), defineParams({ n: { type: 'integer', default: 1, min: 1 } }));
  assert.throws(() => runBacktest({ definition: withParams, params: { n: '0' } }, [GOOG], OPTIONS), (e: unknown) => (e as { code?: string }).code === 'STRATEGY_PARAM_INVALID');
  assert.throws(() => runBacktest({ definition: withParams }, [], OPTIONS), (e: unknown) => (e as { code?: string }).code === 'BACKTEST_DATA_MISSING');
});

test('a column series runs exactly like the same bars as objects, sliced or not', () => {
  const columns = syntheticSeries(20_000, { startTicks: 100_000, stepTicks: 20, seed: 5 });
  const bars = syntheticBars(20_000, { startTicks: 100_000, stepTicks: 20, seed: 5 });
  const objects: BarSeries = { symbol: 'SYN', tickSize: '0.01', bars };
  const run = (series: BarSeries) => runBacktest({ definition: randomTrader }, [series], { ...OPTIONS, seed: 2 });
  assert.deepEqual(run(columns), run(objects));
  const from = seriesTime(columns, 5_000);
  const to = seriesTime(columns, 15_000);
  assert.equal(seriesLength(sliceByTime(columns, from, to)), 10_000);
  assert.deepEqual(run(sliceByTime(columns, from, to)), run(sliceByTime(objects, from, to)));
  assert.deepEqual(seriesBar(sliceByTime(columns, from, to), 0), bars[5_000]);
});

test('client order ids: automatic ids skip the ones the strategy chose, no id is used twice, final orders are remembered up to ORDER_HISTORY', () => {
  const bars = syntheticBars(ORDER_HISTORY + 50);
  const seen: (string | null)[] = [];
  let firstId = '';
  let lookups: (string | undefined)[] = [];
  const definition = inline(() => ({
    onBar(ctx, bar) {
      if (bar === bars[0]) {
        ctx.buy(1, { clientOrderId: 'o-2' });
        firstId = ctx.buy(1);
        seen.push(ctx.buy(1), ctx.buy(1, { clientOrderId: 'o-1' }), ctx.buy(1, { clientOrderId: 'o-2' }));
      } else if (bar === bars[1]) {
        lookups = [ctx.order('o-2')?.status, ctx.order(firstId)?.status];
      } else {
        ctx.buy(1);
      }
    },
    onOrderUpdate(_ctx, order) {
      if (order.status === 'rejected') seen.push(`${order.clientOrderId} ${order.rejectReason}`);
    },
    onStop(ctx) {
      lookups.push(ctx.order('o-2')?.status, ctx.order(`o-${ORDER_HISTORY}`)?.status);
    },
  }));
  runBacktest({ definition }, [{ symbol: 'SYN', tickSize: '0.01', bars }], { ...OPTIONS, initialCashMinor: 1_000_000_000 });
  assert.equal(firstId, 'o-1');
  assert.deepEqual(seen, ['o-3', 'o-1', 'o-2', 'o-1 ORDER_DUPLICATE_CLIENT_ORDER_ID', 'o-2 ORDER_DUPLICATE_CLIENT_ORDER_ID']);
  assert.deepEqual(lookups, ['filled', 'filled', undefined, 'filled'], 'old final orders are forgotten, recent ones kept');
});
