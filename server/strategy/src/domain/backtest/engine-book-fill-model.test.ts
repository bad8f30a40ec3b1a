// The engine-book fill model on the real matching engine: the strategy's orders trade against the
// mirrored snapshots with price-time priority — market orders walk the book the strategy saw, a
// resting bid waits behind the displayed queue and fills at its own price once the mirrored ask
// reaches it, cancels take effect before the book moves — and a full LOBSTER day reconciles.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { defineParams, defineStrategy, type BookLevel, type BookSnapshotEvent, type Execution, type StrategyContext, type StrategyDefinition } from '@kestrel/shared';
import { builtinStrategy } from '../strategies/registry.js';
import { runBacktest } from './backtest-engine.js';
import { EngineBookFillModel } from './engine-book-fill-model.js';
import { assertFillsReconcile } from './fill-model-fixtures.js';
import { lobsterSeries } from './lobster-book.js';

const OPTIONS = { initialCashMinor: 100_000_000, moneyDecimals: 2 };

function book(second: number, bids: BookLevel[], asks: BookLevel[]): BookSnapshotEvent {
  return { kind: 'book-snapshot', symbol: 'X', source: 'test', timeMicros: (1_700_000_000 + second) * 1_000_000, bids, asks, updateId: null, depthLimit: null };
}

/** Runs `script[i]` on the i-th snapshot; returns the fills and the final rejects/cancels. */
function replay(books: BookSnapshotEvent[], script: Record<number, (ctx: StrategyContext) => void>) {
  const fills: Execution[] = [];
  const ends: string[] = [];
  const definition = defineStrategy({
    name: 'scripted',
    description: 'test',
    params: defineParams({}),
    create: () => {
      let i = 0;
      return {
        onBook(ctx) {
          script[i++]?.(ctx as StrategyContext);
        },
        onFill(_ctx, fill) {
          fills.push(fill);
        },
        onOrderUpdate(_ctx, order) {
          if (order.status === 'cancelled' || order.status === 'rejected') ends.push(`${order.clientOrderId} ${order.status} ${order.rejectReason}`);
        },
      };
    },
  }) as unknown as StrategyDefinition;
  const result = runBacktest({ definition }, [{ symbol: 'X', tickSize: '0.01', events: books }], { ...OPTIONS, fill: new EngineBookFillModel() });
  return { fills: fills.map((f) => `${f.clientOrderId} ${f.side} ${f.quantityLots}@${f.priceTicks} ${f.liquidity}`), ends, result };
}

test('a market order walks the book the strategy saw; the remainder is cancelled', () => {
  const { fills, ends } = replay([book(1, [[99, 5]], [[101, 3], [102, 4]]), book(2, [[99, 5]], [[105, 1]])], {
    0: (ctx) => ctx.buy(10, { clientOrderId: 'm' }),
  });
  assert.deepEqual(fills, ['m buy 3@101 taker', 'm buy 4@102 taker']);
  assert.deepEqual(ends, ['m cancelled BOOK_NO_LIQUIDITY'], 'the engine names why a market remainder ends');
});

test('after snapshots the engine skipped (nothing resting), an order meets the book the strategy saw', () => {
  const books = [book(1, [[99, 5]], [[101, 3]]), book(2, [[100, 5]], [[104, 2], [106, 9]]), book(3, [[98, 5]], [[103, 1], [104, 1]]), book(4, [[98, 5]], [[110, 9]])];
  const { fills } = replay(books, { 2: (ctx) => ctx.buy(2, { clientOrderId: 'late' }) });
  assert.deepEqual(fills, ['late buy 1@103 taker', 'late buy 1@104 taker']);
});

test('a resting bid queues behind the displayed level and fills at its price when the ask comes down', () => {
  const books = [
    book(1, [[100, 5]], [[103, 10]]),
    book(2, [[100, 2]], [[103, 10]]), // the queue ahead shrinks: still ahead of us
    book(3, [[99, 4]], [[100, 3], [103, 10]]), // level 100 is gone and sellers arrive at 100
    book(4, [[99, 4]], [[100, 9], [103, 10]]),
  ];
  const { fills } = replay(books, { 0: (ctx) => ctx.buy(5, { limitPriceTicks: 100, clientOrderId: 'b' }) });
  assert.deepEqual(fills, ['b buy 3@100 maker', 'b buy 2@100 maker']);
});

test('a cancel issued before the book moves is honoured; post-only and a crossing limit', () => {
  const books = [book(1, [[99, 5]], [[101, 5]]), book(2, [[99, 5]], [[101, 5]]), book(3, [[97, 5]], [[98, 5]]), book(4, [[97, 5]], [[98, 5]])];
  const { fills, ends } = replay(books, {
    0: (ctx) => {
      ctx.buy(1, { limitPriceTicks: 100, clientOrderId: 'kept' });
      ctx.buy(1, { limitPriceTicks: 100, clientOrderId: 'gone' });
    },
    1: (ctx) => ctx.cancel('gone'),
    2: (ctx) => ctx.sell(2, { limitPriceTicks: 97, clientOrderId: 'cross' }),
  });
  assert.deepEqual(fills, ['kept buy 1@100 maker', 'cross sell 2@97 taker']);
  assert.deepEqual(ends, ['gone cancelled BOOK_USER_CANCELLED']);
});

test('the market maker on a LOBSTER day through the engine: inventory bounded, cash reconciles, deterministic', () => {
  const dir = new URL('../../../../../../shared/data/lobster/', import.meta.url);
  const amzn = lobsterSeries(
    readFileSync(new URL('AMZN_2012-06-21_34200000_57600000_message_1.csv', dir), 'utf8'),
    readFileSync(new URL('AMZN_2012-06-21_34200000_57600000_orderbook_1.csv', dir), 'utf8'),
    { symbol: 'AMZN', day: '2012-06-21', utcOffsetMinutes: -240 },
  );
  const run = () => runBacktest({ definition: builtinStrategy('market-maker'), params: { halfSpread: 2, size: 100, maxPosition: 300, skew: 1 } }, [amzn], { ...OPTIONS, fill: new EngineBookFillModel() });
  const result = run();
  assert.ok(result.fillCount > 50, `${result.fillCount} fills`);
  assertFillsReconcile(result, 'AMZN', OPTIONS.initialCashMinor, 300);
  assert.deepEqual(run().fills, result.fills);
});
