// The bar fill rules, one case per rule: market at the next open or this close, limit touch vs
// through, gaps through limits and stops, stop-limit triggering, the participation cap carrying the
// remainder, IOC/FOK and DAY/GTD expiry.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MarketBar } from '@kestrel/shared';
import { BarFillModel, type BarFillOptions } from './bar-fill-model.js';
import { addOrder, lastOrderNumber, RecordingSink } from './fill-model-fixtures.js';

const DAY = 86_400_000;

function bar(day: number, open: number, high: number, low: number, close: number, volume = 1_000): MarketBar {
  return { symbol: 'X', timestamp: day * DAY, open, high, low, close, volume, ticks: { open, high, low, close } };
}

/** Feeds bars through open and close phases, adding orders while "handling" the given bar index. */
function run(options: BarFillOptions, bars: MarketBar[], place: (model: BarFillModel, index: number) => void): string[] {
  const model = new BarFillModel(options);
  const sink = new RecordingSink('fill ');
  bars.forEach((b, index) => {
    model.onBarOpen(b, sink);
    place(model, index);
    model.onBarClose(b, sink);
  });
  return sink.events;
}

test('next-open: a market order placed on bar t fills at bar t+1 open whatever its volume; on the last bar never', () => {
  const bars = [bar(1, 100, 110, 90, 105, 0), bar(2, 107, 112, 101, 111, 0)];
  const events = run({}, bars, (model, i) => addOrder(model, { side: 'buy', type: 'market', quantityLots: 500 }) && i);
  assert.deepEqual(events, [`o${lastOrderNumber() - 1} fill 500@107 taker`]);
});

test('close: a market order fills at the close of the bar it was placed on', () => {
  const bars = [bar(1, 100, 110, 90, 105), bar(2, 107, 112, 101, 111)];
  const events = run({ market: 'close' }, bars, (model, i) => {
    if (i === 0) addOrder(model, { side: 'sell', type: 'market', quantityLots: 3 });
  });
  assert.deepEqual(events, [`o${lastOrderNumber()} fill 3@105 taker`]);
});

test('limit touch fills at the limit when the low touches it; through needs the low strictly below', () => {
  const bars = [bar(1, 100, 101, 99, 100), bar(2, 100, 101, 95, 98)];
  const place = (model: BarFillModel, i: number): void => {
    if (i === 0) addOrder(model, { side: 'buy', type: 'limit', quantityLots: 1, limitPriceTicks: 95 });
  };
  assert.deepEqual(run({ limit: 'touch' }, bars, place), [`o${lastOrderNumber()} fill 1@95 maker`]);
  assert.deepEqual(run({ limit: 'through' }, bars, place), []);
  const lower = [bar(1, 100, 101, 99, 100), bar(2, 100, 101, 94, 98)];
  assert.deepEqual(run({ limit: 'through' }, lower, place), [`o${lastOrderNumber()} fill 1@95 maker`]);
});

test('a limit the next bar gaps through fills at that open (better than the limit)', () => {
  const bars = [bar(1, 100, 101, 99, 100), bar(2, 90, 92, 88, 91)];
  const events = run({}, bars, (model, i) => {
    if (i === 0) addOrder(model, { side: 'buy', type: 'limit', quantityLots: 2, limitPriceTicks: 95 });
  });
  assert.deepEqual(events, [`o${lastOrderNumber()} fill 2@90 taker`]);
});

test('stops fill at the stop price when reached intrabar and at the open when gapped through', () => {
  const bars = [bar(1, 100, 101, 99, 100), bar(2, 100, 106, 99, 104), bar(3, 110, 111, 108, 109)];
  const events = run({}, bars, (model, i) => {
    if (i === 0) addOrder(model, { side: 'buy', type: 'stop', quantityLots: 1, stopPriceTicks: 105 });
    if (i === 1) addOrder(model, { side: 'buy', type: 'stop', quantityLots: 1, stopPriceTicks: 107 });
  });
  assert.deepEqual(events, [`o${lastOrderNumber() - 1} fill 1@105 taker`, `o${lastOrderNumber()} fill 1@110 taker`]);
});

test('a stop-limit triggered intrabar fills at the stop when its limit allows, else rests as a limit', () => {
  const bars = [bar(1, 100, 101, 99, 100), bar(2, 100, 106, 99, 104), bar(3, 104, 105, 101, 102)];
  const events = run({}, bars, (model, i) => {
    if (i === 0) {
      addOrder(model, { side: 'buy', type: 'stop_limit', quantityLots: 1, stopPriceTicks: 105, limitPriceTicks: 106 });
      addOrder(model, { side: 'buy', type: 'stop_limit', quantityLots: 1, stopPriceTicks: 105, limitPriceTicks: 102 });
    }
  });
  assert.deepEqual(events, [`o${lastOrderNumber() - 1} fill 1@105 taker`, `o${lastOrderNumber()} fill 1@102 maker`]);
});

test('the participation cap limits each bar to floor(volume x fraction) and carries the rest', () => {
  const bars = [bar(1, 100, 101, 99, 100, 100), bar(2, 101, 102, 100, 101, 100), bar(3, 103, 104, 102, 103, 250), bar(4, 104, 105, 103, 104, 100)];
  const events = run({ maxParticipation: 0.1 }, bars, (model, i) => {
    if (i === 0) addOrder(model, { side: 'buy', type: 'market', quantityLots: 40 });
  });
  assert.deepEqual(events, [`o${lastOrderNumber()} fill 10@101 taker`, `o${lastOrderNumber()} fill 25@103 taker`, `o${lastOrderNumber()} fill 5@104 taker`]);
});

test('IOC fills what the first bar allows and cancels the rest; FOK fills all or nothing', () => {
  const bars = [bar(1, 100, 101, 99, 100, 100), bar(2, 101, 102, 100, 101, 100)];
  const events = run({ maxParticipation: 0.1 }, bars, (model, i) => {
    if (i === 0) {
      addOrder(model, { side: 'buy', type: 'market', quantityLots: 15, timeInForce: 'IOC' });
      addOrder(model, { side: 'buy', type: 'market', quantityLots: 5, timeInForce: 'FOK' });
    }
  });
  assert.deepEqual(events, [`o${lastOrderNumber() - 1} fill 10@101 taker`, `o${lastOrderNumber() - 1} cancelled BOOK_IOC_REMAINDER_CANCELLED`, `o${lastOrderNumber()} cancelled BOOK_FOK_NOT_FILLABLE`]);
});

test('DAY limit orders live for the first day they can trade; GTD orders expire after expireAt', () => {
  const bars = [bar(1, 100, 101, 99, 100), bar(2, 100, 101, 99, 100), bar(3, 100, 101, 90, 100), bar(4, 100, 101, 90, 100)];
  const events = run({}, bars, (model, i) => {
    if (i === 0) {
      addOrder(model, { side: 'buy', type: 'limit', quantityLots: 1, limitPriceTicks: 95, timeInForce: 'DAY' });
      addOrder(model, { side: 'buy', type: 'limit', quantityLots: 1, limitPriceTicks: 95, timeInForce: 'GTD', expireAt: new Date(2.5 * DAY).toISOString() });
    }
  });
  assert.deepEqual(events, [`o${lastOrderNumber() - 1} expired`, `o${lastOrderNumber()} expired`]);
});

test('orders fill in submission order and cancelled orders never fill', () => {
  const model = new BarFillModel({});
  const sink = new RecordingSink('fill ');
  model.onBarOpen(bar(1, 100, 101, 99, 100), sink);
  const first = addOrder(model, { side: 'buy', type: 'market', quantityLots: 1 });
  const second = addOrder(model, { side: 'sell', type: 'market', quantityLots: 2 });
  const third = addOrder(model, { side: 'buy', type: 'market', quantityLots: 3 });
  assert.equal(model.remove(second), true);
  assert.equal(model.remove(second), false);
  model.onBarOpen(bar(2, 102, 103, 101, 102), sink);
  assert.deepEqual(sink.events, [`${first.request.clientOrderId} fill 1@102 taker`, `${third.request.clientOrderId} fill 3@102 taker`]);
});

test('invalid options are refused with BACKTEST_INVALID_CONFIG', () => {
  for (const options of [{ maxParticipation: 0 }, { maxParticipation: 1.5 }, { market: 'mid' }, { limit: 'maybe' }] as BarFillOptions[]) {
    assert.throws(() => new BarFillModel(options), (e: unknown) => (e as { code?: string }).code === 'BACKTEST_INVALID_CONFIG');
  }
});
