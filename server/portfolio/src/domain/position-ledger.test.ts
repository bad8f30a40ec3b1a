import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fraction, type Fraction, type LotMethod, type LotSelection } from '@kestrel/shared';
import { emptyPosition, type LedgerFill, type LedgerPosition } from './ledger-types.js';
import { bookFill, type FillBooking } from './position-ledger.js';
import { markPosition } from './valuation.js';

const ONE: Fraction = fraction(1);
const SUB_PENNY: Fraction = fraction(1, 100);
let lotCounter = 0;

function fill(side: 'buy' | 'sell', quantityLots: number, priceTicks: number, feeMinor = 0, index = 0): LedgerFill {
  return {
    executionId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    side,
    quantityLots,
    priceTicks,
    feeMinor,
    executedAt: new Date(Date.UTC(2026, 0, 5, 14, 30, index)).toISOString(),
  };
}

/** Books fills in order; returns the position, cash change and every booking. */
function run(
  fills: readonly LedgerFill[],
  method: LotMethod,
  value: Fraction = ONE,
  selection: (position: LedgerPosition, fill: LedgerFill) => LotSelection | null = () => null,
): { position: LedgerPosition; cash: number; bookings: FillBooking[] } {
  let position = emptyPosition('XYZ');
  let cash = 0;
  const bookings: FillBooking[] = [];
  fills.forEach((current, index) => {
    const booking = bookFill(position, current, {
      valuePerTickLot: value,
      lotMethod: method,
      selection: selection(position, current),
      newLotId: () => `lot-${(lotCounter += 1)}`,
      nextOpenSequence: index,
    });
    position = booking.position;
    cash += booking.cashDeltaMinor;
    bookings.push(booking);
  });
  return { position, cash, bookings };
}

function assertLotsMatch(position: LedgerPosition): void {
  const side = position.quantityLots > 0 ? 'long' : 'short';
  assert.equal(position.lots.reduce((sum, lot) => sum + lot.quantityLots, 0), Math.abs(position.quantityLots), 'lot quantities add up to the position');
  assert.equal(position.lots.reduce((sum, lot) => sum + lot.costMinor, 0), position.costBasisMinor, 'lot costs add up to the cost basis');
  for (const lot of position.lots) {
    assert.ok(lot.quantityLots > 0, 'no empty open lot');
    assert.equal(lot.side, side, 'every open lot is on the position side');
  }
}

const fillArbitrary = fc.record({
  side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
  quantityLots: fc.integer({ min: 1, max: 60 }),
  priceTicks: fc.integer({ min: 1, max: 50_000 }),
  feeMinor: fc.integer({ min: -5, max: 40 }),
});
const fillsArbitrary = fc.array(fillArbitrary, { minLength: 1, maxLength: 40 }).map((list) =>
  list.map((entry, index) => fill(entry.side, entry.quantityLots, entry.priceTicks, entry.feeMinor, index)),
);
const METHODS: LotMethod[] = ['fifo', 'lifo', 'hifo'];

test('property: open lots always add up to the position', () => {
  fc.assert(
    fc.property(fillsArbitrary, fc.constantFrom(...METHODS), fc.constantFrom(ONE, SUB_PENNY), (fills, method, value) => {
      let position = emptyPosition('XYZ');
      fills.forEach((current, index) => {
        position = bookFill(position, current, { valuePerTickLot: value, lotMethod: method, selection: null, newLotId: () => `l${index}`, nextOpenSequence: index }).position;
        assertLotsMatch(position);
      });
    }),
  );
});

test('property: cash + market value − deposits = realised + unrealised − fees, at any mark', () => {
  fc.assert(
    fc.property(fillsArbitrary, fc.constantFrom(...METHODS), fc.constantFrom(ONE, SUB_PENNY, fraction(1250)), fc.integer({ min: 1, max: 60_000 }), (fills, method, value, mark) => {
      const { position, cash } = run(fills, method, value);
      const valued = markPosition(position, mark, value);
      assert.equal(cash + valued.marketValueMinor, position.realisedPnlMinor + valued.unrealisedPnlMinor - position.feesMinor);
    }),
  );
});

test('property: a fill at the mark price conserves cash + market value (less its fee)', () => {
  fc.assert(
    fc.property(fillsArbitrary, fc.constantFrom(...METHODS), fc.constantFrom(ONE, fraction(1250)), (fills, method, value) => {
      let position = emptyPosition('XYZ');
      let cash = 1_000_000;
      fills.forEach((current, index) => {
        const before = cash + markPosition(position, current.priceTicks, value).marketValueMinor;
        const booking = bookFill(position, current, { valuePerTickLot: value, lotMethod: method, selection: null, newLotId: () => `l${index}`, nextOpenSequence: index });
        position = booking.position;
        cash += booking.cashDeltaMinor;
        const after = cash + markPosition(position, current.priceTicks, value).marketValueMinor;
        assert.equal(after, before - current.feeMinor);
      });
    }),
  );
});

test('property: over a round trip to flat, realised P&L does not depend on the lot method', () => {
  fc.assert(
    fc.property(fillsArbitrary, fc.integer({ min: 1, max: 50_000 }), fc.constantFrom(ONE, SUB_PENNY), fc.integer({ min: 0, max: 2 ** 31 }), (fills, closePrice, value, seed) => {
      const open = run(fills, 'fifo', value).position.quantityLots;
      const all = open === 0 ? fills : [...fills, fill(open > 0 ? 'sell' : 'buy', Math.abs(open), closePrice, 0, fills.length)];
      // A pseudo-random specific selection: every other open lot, newest first.
      const specific = (position: LedgerPosition): LotSelection => ({
        method: 'specific',
        lots: position.lots.filter((_, index) => (index + seed) % 2 === 0).reverse().map((lot) => ({ lotId: lot.id })),
      });
      const results = [
        ...METHODS.map((method) => run(all, method, value)),
        run(all, 'fifo', value, specific),
      ];
      const notionalFlow = results[0]!.cash + results[0]!.position.feesMinor; // Σ sells − Σ buys
      for (const result of results) {
        assert.equal(result.position.quantityLots, 0);
        assert.equal(result.position.costBasisMinor, 0);
        assert.equal(result.position.realisedPnlMinor, notionalFlow);
      }
    }),
  );
});

test('FIFO and LIFO relieve different lots', () => {
  const fills = [fill('buy', 10, 100, 0, 0), fill('buy', 10, 200, 0, 1), fill('sell', 10, 300, 0, 2)];
  assert.equal(run(fills, 'fifo').position.realisedPnlMinor, 2000);
  assert.equal(run(fills, 'lifo').position.realisedPnlMinor, 1000);
  assert.equal(run(fills, 'hifo').position.realisedPnlMinor, 1000);
  assert.equal(run(fills, 'fifo').position.costBasisMinor, 2000);
  assert.equal(run(fills, 'lifo').position.costBasisMinor, 1000);
});

test('HIFO for shorts covers the lowest-proceeds lot first', () => {
  const fills = [fill('sell', 5, 300, 0, 0), fill('sell', 5, 100, 0, 1), fill('sell', 5, 200, 0, 2), fill('buy', 5, 150, 0, 3)];
  const { bookings } = run(fills, 'hifo');
  assert.equal(bookings[3]!.realisedPnlMinor, (100 - 150) * 5);
});

test('a fill that crosses zero closes every lot and opens one on the other side', () => {
  const { position, bookings } = run([fill('buy', 10, 100, 0, 0), fill('sell', 15, 120, 7, 1)], 'fifo');
  assert.equal(position.quantityLots, -5);
  assert.equal(position.lots.length, 1);
  assert.equal(position.lots[0]!.side, 'short');
  assert.equal(position.lots[0]!.costMinor, 600);
  assert.equal(bookings[1]!.realisedPnlMinor, 200);
  assert.equal(bookings[1]!.cashDeltaMinor, 1800 - 7);
  assert.equal(position.feesMinor, 7);
});

test('a partly closed lot keeps the rounding remainder of its cost', () => {
  // 3 lots bought for 100 minor units: closing 1 relieves floor(100 / 3) = 33, leaving 67.
  const value = fraction(1, 3);
  const { position, bookings } = run([fill('buy', 3, 100, 0, 0), fill('sell', 1, 100, 0, 1)], 'fifo', value);
  assert.equal(bookings[0]!.notionalMinor, 100);
  assert.equal(bookings[1]!.disposals[0]!.openAmountMinor, 33);
  assert.equal(position.costBasisMinor, 67);
});

test('a specific selection closes the listed lots and reports a fallback for the rest', () => {
  const base = [fill('buy', 10, 100, 0, 0), fill('buy', 10, 200, 0, 1), fill('buy', 10, 300, 0, 2)];
  const opened = run(base, 'fifo').position;
  const middle = opened.lots[1]!.id;
  const sell = fill('sell', 15, 250, 0, 3);
  const context = (selection: LotSelection) => ({ valuePerTickLot: ONE, lotMethod: 'fifo' as const, selection, newLotId: () => 'x', nextOpenSequence: 9 });
  const exact = bookFill(opened, { ...sell, quantityLots: 10 }, context({ method: 'specific', lots: [{ lotId: middle }] }));
  assert.deepEqual(exact.disposals.map((d) => d.lotId), [middle]);
  assert.equal(exact.lotSelectionFallback, false);
  const partial = bookFill(opened, sell, context({ method: 'specific', lots: [{ lotId: middle, quantityLots: 4 }, { lotId: 'no-such-lot' }] }));
  // middle 4 as listed, the unknown lot skipped, then FIFO: the oldest lot (10) and 1 more of middle.
  assert.deepEqual(partial.disposals.map((d) => [d.lotId, d.quantityLots]), [[middle, 5], [opened.lots[0]!.id, 10]]);
  assert.equal(partial.lotSelectionFallback, true);
  assert.equal(partial.disposals.reduce((sum, d) => sum + d.quantityLots, 0), 15);
});

test('amounts beyond 2^53 are refused instead of rounded', () => {
  assert.throws(() => run([fill('buy', 2 ** 30, 2 ** 30, 0, 0)], 'fifo'), { code: 'TRADING_AMOUNT_OUT_OF_RANGE' });
});
