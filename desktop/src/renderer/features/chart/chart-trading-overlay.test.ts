import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Execution } from '@kestrel/shared';
import { buildOrder } from '../../test-support/orders.js';
import type { OrderView } from '../trading/order-gateway.js';
import { barTimeOf, dragChange, fillMarkers, modifiedRequest, orderLineAt, orderLines, snapToTicks } from './chart-trading-overlay.js';

const colors = { up: 'green', down: 'red' };
const window = { times: [600, 660, 720, 840], count: 4, bucketSeconds: 60 };

function fill(side: 'buy' | 'sell', seconds: number, quantityLots: number, symbol = 'AAPL'): Execution {
  return {
    id: `00000000-0000-4000-8000-${String(seconds).padStart(12, '0')}`,
    orderId: '00000000-0000-4000-8000-000000000001',
    clientOrderId: 'c1',
    accountId: '00000000-0000-4000-8000-000000000002',
    symbol,
    side,
    priceTicks: 19000,
    quantityLots,
    liquidity: 'taker',
    feeMinor: 0,
    venue: 'KESTREL',
    venueExecutionId: null,
    engineSequence: null,
    executedAt: new Date(seconds * 1000).toISOString(),
    recordedAt: new Date(seconds * 1000).toISOString(),
  };
}

/** A working AAPL buy limit of 10 lots at 18,900 ticks (the prices and lots the labels below show). */
function order(overrides: Partial<OrderView>): OrderView {
  return buildOrder({ quantityLots: 10, remainingQuantityLots: 10, limitPriceTicks: 18900, ...overrides });
}

describe('fill markers', () => {
  it('puts a fill on the bar that holds its time (gaps included) and only within the window', () => {
    assert.equal(barTimeOf(window, 600), 600);
    assert.equal(barTimeOf(window, 659.9), 600);
    assert.equal(barTimeOf(window, 800), 720, 'a gap after 720 belongs to the 720 bar');
    assert.equal(barTimeOf(window, 899), 840, 'the forming last bar');
    assert.equal(barTimeOf(window, 900), null, 'beyond the last bar');
    assert.equal(barTimeOf(window, 599), null, 'before the window');
    assert.equal(barTimeOf({ times: [], count: 0, bucketSeconds: 60 }, 600), null);
  });

  it('marks buys below the bar and sells above, merges a side within a bar, skips other symbols', () => {
    const markers = fillMarkers([fill('sell', 700, 3), fill('buy', 610, 5), fill('buy', 650, 2), fill('buy', 665, 1, 'MSFT'), fill('buy', 10, 9)], 'AAPL', window, colors);
    assert.deepEqual(markers, [
      { time: 600, position: 'belowBar', shape: 'arrowUp', color: 'green', text: 'B 7', id: 'fill-600-buy' },
      { time: 660, position: 'aboveBar', shape: 'arrowDown', color: 'red', text: 'S 3', id: 'fill-660-sell' },
    ]);
  });

  it('sorts markers by time (a buy before a sell in the same bar)', () => {
    const markers = fillMarkers([fill('sell', 845, 1), fill('buy', 850, 1), fill('buy', 601, 1)], 'AAPL', window, colors);
    assert.deepEqual(
      markers.map((marker) => [marker.time, marker.text]),
      [
        [600, 'B 1'],
        [840, 'B 1'],
        [840, 'S 1'],
      ],
    );
  });
});

describe('order lines', () => {
  it('labels each working order of the symbol with side, remaining lots and kind', () => {
    const lines = orderLines(
      [
        order({ id: 'a', remainingQuantityLots: 4, filledQuantityLots: 6, status: 'partially_filled' }),
        order({ id: 'b', side: 'sell', type: 'stop', limitPriceTicks: null, stopPriceTicks: 18000 }),
        order({ id: 'c', type: 'stop_limit', limitPriceTicks: 19150, stopPriceTicks: 19100 }),
        order({ id: 'd', status: 'filled', remainingQuantityLots: 0 }),
        order({ id: 'e', symbol: 'MSFT' }),
        order({ id: 'f', cancelPending: true }),
        order({ id: 'g', type: 'market', limitPriceTicks: null }),
      ],
      'AAPL',
    );
    assert.deepEqual(
      lines.map((line) => [line.key, line.priceTicks, line.label]),
      [
        ['a:limit', 18900, 'BUY 4 LMT'],
        ['b:stop', 18000, 'SELL 10 STP'],
        ['c:stop', 19100, 'BUY 10 STP'],
        ['c:limit', 19150, 'BUY 10 STP LMT'],
      ],
    );
  });

  it('shows a pending modification at its new price', () => {
    const [line] = orderLines([order({ pendingModification: { quantityLots: 10, limitPriceTicks: 18850, stopPriceTicks: null } })], 'AAPL');
    assert.equal(line!.priceTicks, 18850);
    assert.equal(line!.pending, true);
  });

  it('finds the line nearest the pointer within the tolerance', () => {
    const lines = orderLines([order({ id: 'a', limitPriceTicks: 100 }), order({ id: 'b', limitPriceTicks: 110 })], 'AAPL');
    const projectPrice = (ticks: number) => 1000 - ticks;
    assert.equal(orderLineAt(lines, 898, projectPrice)?.orderId, 'a');
    assert.equal(orderLineAt(lines, 891, projectPrice)?.orderId, 'b');
    assert.equal(orderLineAt(lines, 870, projectPrice), null);
    assert.equal(orderLineAt(lines, 900, () => null), null);
  });
});

describe('dragging an order line', () => {
  it('snaps a chart price to the nearest tick', () => {
    assert.equal(snapToTicks(189.874, '0.01'), 18987);
    assert.equal(snapToTicks(189.876, '0.01'), 18988);
    assert.equal(snapToTicks(4.3, '0.25'), 17);
    assert.equal(snapToTicks(4.4, '0.25'), 18);
    assert.equal(snapToTicks(0.1 + 0.2, '0.1'), 3, 'float noise does not leave the grid');
  });

  it('changes the dragged price only, and refuses a no-op or a price outside the range', () => {
    const [stop, limit] = orderLines([order({ type: 'stop_limit', limitPriceTicks: 19150, stopPriceTicks: 19100 })], 'AAPL');
    assert.deepEqual(dragChange(limit!, 19140), { ok: true, change: { limitPriceTicks: 19140 } });
    assert.deepEqual(dragChange(stop!, 19090), { ok: true, change: { stopPriceTicks: 19090 } });
    assert.deepEqual(dragChange(limit!, 19150), { ok: false, problem: 'Nothing changed' });
    assert.equal(dragChange(limit!, 0, { minPriceTicks: 1, maxPriceTicks: 1_000_000 }).ok, false);
    assert.equal(dragChange(limit!, 19140.5).ok, false);
  });

  it('builds the request the confirmation rules read, with the new price', () => {
    const moved = modifiedRequest(order({ type: 'stop_limit', limitPriceTicks: 19150, stopPriceTicks: 19100 }), { limitPriceTicks: 19000 });
    assert.equal(moved.limitPriceTicks, 19000);
    assert.equal(moved.stopPriceTicks, 19100);
    assert.equal(moved.quantityLots, 10);
    assert.equal(modifiedRequest(order({}), { limitPriceTicks: 1 }).stopPriceTicks, undefined);
  });
});
