import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertInstrument, notionalMinor, priceText, priceTicksOf, valuePerTickLot, type Instrument } from './instrument.js';
import { fraction } from './ratio.js';

const STOCK: Instrument = {
  symbol: 'GOOG',
  name: 'Alphabet Inc. Class C',
  assetClass: 'equity',
  status: 'active',
  currency: 'USD',
  tickSize: '0.01',
  lotSize: 1,
  contractMultiplier: 1,
  minQuantityLots: 1,
  maxQuantityLots: 1_000_000,
  minPriceTicks: 1,
  maxPriceTicks: 100_000_000,
  tradingHours: { timeZone: 'America/New_York', sessions: [{ days: [1, 2, 3, 4, 5], open: '09:30', close: '16:00' }], holidays: [] },
};

test('one tick on one lot is worth tick × lot × multiplier in minor units', () => {
  assert.deepEqual(valuePerTickLot(STOCK), fraction(1));
  assert.deepEqual(valuePerTickLot({ ...STOCK, tickSize: '0.0001' }), fraction(1, 100));
  assert.deepEqual(valuePerTickLot({ ...STOCK, tickSize: '0.25', contractMultiplier: 50 }), fraction(1250));
  assert.deepEqual(valuePerTickLot({ ...STOCK, currency: 'JPY', tickSize: '0.5', lotSize: 100 }), fraction(50));
});

test('notional is price × lots × value, rounded half-even once', () => {
  assert.equal(notionalMinor(STOCK, 10_034, 3), 30_102);
  const subPenny = { ...STOCK, tickSize: '0.0001' };
  assert.equal(notionalMinor(subPenny, 1_000_050, 1), 10_000); // 100.0050 USD = 10000.5 cents -> even
  assert.equal(notionalMinor(subPenny, 1_000_150, 1), 10_002); // 10001.5 cents -> even
  assert.equal(notionalMinor(subPenny, 1_000_150, 1, 'ceil'), 10_002);
  assert.equal(notionalMinor(subPenny, 1_000_149, 1, 'floor'), 10_001);
  assert.throws(() => notionalMinor(STOCK, 2 ** 40, 2 ** 20), { code: 'TRADING_AMOUNT_OUT_OF_RANGE' });
});

test('price text converts to ticks exactly and back', () => {
  assert.equal(priceTicksOf(STOCK, '100.34'), 10_034);
  assert.equal(priceText(STOCK, 10_034), '100.34');
  assert.throws(() => priceTicksOf(STOCK, '100.345'), { code: 'DATA_PRICE_OFF_TICK' });
});

test('assertInstrument accepts a consistent definition and names what is wrong otherwise', () => {
  assertInstrument(STOCK);
  assert.throws(() => assertInstrument({ ...STOCK, minQuantityLots: 10, maxQuantityLots: 1 }), { code: 'TRADING_INVALID_INSTRUMENT' });
  assert.throws(() => assertInstrument({ ...STOCK, maxPriceTicks: 2 ** 50 }), /beyond 2\^53/);
  assert.throws(() => assertInstrument({ ...STOCK, currency: 'XXX' }), { code: 'TRADING_INVALID_INSTRUMENT' });
  assert.throws(
    () => assertInstrument({ ...STOCK, tradingHours: { ...STOCK.tradingHours, timeZone: 'Mars/Olympus' } }),
    { code: 'TRADING_INVALID_INSTRUMENT' },
  );
});
