// The tick and level-2 fill rules: market orders walk the displayed book, marketable limits take
// up to their price, resting limits fill at their price when the opposite side reaches them
// (through vs touch), liquidity taken once per snapshot, trade-through fills on prints, stops on
// the mid, IOC/FOK.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BookLevel, BookSnapshotEvent, TradeEvent } from '@kestrel/shared';
import { BookFillModel, type BookFillOptions } from './book-fill-model.js';
import { addOrder, lastOrderNumber, RecordingSink } from './fill-model-fixtures.js';

function book(second: number, bids: BookLevel[], asks: BookLevel[]): BookSnapshotEvent {
  return { kind: 'book-snapshot', symbol: 'X', source: 'test', timeMicros: second * 1_000_000, bids, asks, updateId: null, depthLimit: null };
}

function print(second: number, priceTicks: number, quantityLots: number): TradeEvent {
  return { kind: 'trade', symbol: 'X', source: 'test', timeMicros: second * 1_000_000, priceTicks, quantityLots, aggressor: null, tradeId: String(second) };
}

function replay(options: BookFillOptions, steps: (BookSnapshotEvent | TradeEvent | ((model: BookFillModel) => void))[]): string[] {
  const model = new BookFillModel(options);
  const sink = new RecordingSink();
  for (const step of steps) {
    if (typeof step === 'function') step(model);
    else if (step.kind === 'trade') model.onTrade(step, sink);
    else model.onBook(step, sink);
  }
  return sink.events;
}

const BOOK = book(1, [[99, 5], [98, 10]], [[101, 3], [102, 4], [103, 10]]);

test('a market order walks the displayed levels of the next snapshot; orders share the liquidity', () => {
  const events = replay({}, [
    BOOK,
    (model) => {
      addOrder(model, { side: 'buy', type: 'market', quantityLots: 5 });
      addOrder(model, { side: 'buy', type: 'market', quantityLots: 4 });
    },
    book(2, [[99, 5]], [[101, 3], [102, 4], [103, 10]]),
  ]);
  assert.deepEqual(events, [`o${lastOrderNumber() - 1} 3@101 taker`, `o${lastOrderNumber() - 1} 2@102 taker`, `o${lastOrderNumber()} 2@102 taker`, `o${lastOrderNumber()} 2@103 taker`]);
});

test('a marketable limit takes up to its price and rests with the rest; it later fills at its price when the ask comes through', () => {
  const events = replay({ limit: 'through' }, [
    BOOK,
    (model) => addOrder(model, { side: 'buy', type: 'limit', quantityLots: 10, limitPriceTicks: 102 }),
    BOOK,
    book(3, [[99, 5]], [[102, 50]]),
    book(4, [[99, 5]], [[101, 50]]),
  ]);
  assert.deepEqual(events, [`o${lastOrderNumber()} 3@101 taker`, `o${lastOrderNumber()} 4@102 taker`, `o${lastOrderNumber()} 3@102 maker`]);
});

test('touch fills a resting limit when the opposite best reaches its price; through needs it beyond', () => {
  const steps = [BOOK, (model: BookFillModel) => addOrder(model, { side: 'sell', type: 'limit', quantityLots: 2, limitPriceTicks: 100 }), BOOK, book(3, [[100, 7]], [[101, 1]])];
  assert.deepEqual(replay({ limit: 'touch' }, steps), [`o${lastOrderNumber()} 2@100 maker`]);
  assert.deepEqual(replay({ limit: 'through' }, steps), []);
});

test('prints: market orders fill at the print up to its size; limits when a print trades through', () => {
  const events = replay({}, [
    print(1, 100, 10),
    (model) => {
      addOrder(model, { side: 'buy', type: 'market', quantityLots: 4 });
      addOrder(model, { side: 'sell', type: 'limit', quantityLots: 3, limitPriceTicks: 105 });
    },
    print(2, 101, 2),
    print(3, 106, 9),
  ]);
  assert.deepEqual(events, [`o${lastOrderNumber() - 1} 2@101 taker`, `o${lastOrderNumber() - 1} 2@106 taker`, `o${lastOrderNumber()} 3@105 maker`]);
});

test('stops trigger on the mid; IOC and FOK apply to the first snapshot', () => {
  const events = replay({}, [
    BOOK,
    (model) => {
      addOrder(model, { side: 'buy', type: 'stop', quantityLots: 1, stopPriceTicks: 101, timeInForce: 'DAY' });
      addOrder(model, { side: 'buy', type: 'market', quantityLots: 20, timeInForce: 'IOC' });
      addOrder(model, { side: 'sell', type: 'market', quantityLots: 20, timeInForce: 'FOK' });
    },
    BOOK,
    book(2, [[101, 5]], [[102, 5]]),
  ]);
  assert.deepEqual(events, [
    `o${lastOrderNumber() - 1} 3@101 taker`,
    `o${lastOrderNumber() - 1} 4@102 taker`,
    `o${lastOrderNumber() - 1} 10@103 taker`,
    `o${lastOrderNumber() - 1} cancelled BOOK_IOC_REMAINDER_CANCELLED`,
    `o${lastOrderNumber()} cancelled BOOK_FOK_NOT_FILLABLE`,
    `o${lastOrderNumber() - 2} 1@102 taker`,
  ]);
});
