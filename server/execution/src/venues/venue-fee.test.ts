import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KestrelError } from '@kestrel/server-common';
import { feeMinorOf } from './venue-decimal.js';
import { bookedFee } from './venue-fee.js';

const USDT_IS_USD = new Map([['USDT', 'USD']]);

test('a commission in the instrument currency (directly or through the asset map) becomes the fee in minor units', () => {
  assert.deepEqual(bookedFee({ amount: '0.27000000', asset: 'USDT' }, 'USD', USDT_IS_USD), { feeMinor: 27, converted: true, exact: true });
  assert.deepEqual(bookedFee({ amount: '1.5', asset: 'EUR' }, 'EUR', new Map()), { feeMinor: 150, converted: true, exact: true });
  assert.deepEqual(bookedFee({ amount: '12', asset: 'JPY' }, 'JPY', new Map()), { feeMinor: 12, converted: true, exact: true });
});

test('a commission in another asset (BNB, the base asset, an unmapped stablecoin) is not converted', () => {
  assert.deepEqual(bookedFee({ amount: '0.00001350', asset: 'BNB' }, 'USD', USDT_IS_USD), { feeMinor: 0, converted: false, exact: true });
  assert.deepEqual(bookedFee({ amount: '0.00000100', asset: 'BTC' }, 'USD', USDT_IS_USD), { feeMinor: 0, converted: false, exact: true });
  assert.deepEqual(bookedFee({ amount: '0.27', asset: 'USDT' }, 'USD', new Map()), { feeMinor: 0, converted: false, exact: true });
  assert.deepEqual(bookedFee(null, 'USD', USDT_IS_USD), { feeMinor: 0, converted: false, exact: true });
});

test('sub-minor-unit commissions round half to even once, exactly (no float: 0.125 and 0.135 and values past 2^53 digits)', () => {
  // 0.02712345 USDT = 2.712345 cents -> 3.
  assert.deepEqual(feeMinorOf('0.02712345', 'USD'), { minor: 3, exact: false });
  assert.deepEqual(feeMinorOf('0.125', 'USD'), { minor: 12, exact: false });
  assert.deepEqual(feeMinorOf('0.135', 'USD'), { minor: 14, exact: false });
  assert.deepEqual(feeMinorOf('-0.125', 'USD'), { minor: -12, exact: false });
  assert.deepEqual(feeMinorOf('-0.126', 'USD'), { minor: -13, exact: false });
  assert.deepEqual(feeMinorOf('0.00499999999999999999999', 'USD'), { minor: 0, exact: false });
  assert.deepEqual(feeMinorOf('0.00500000000000000000001', 'USD'), { minor: 1, exact: false });
  // A float would give 0.29999999999999998 * 100 = 29.999999999999996.
  assert.deepEqual(feeMinorOf('0.3', 'USD'), { minor: 30, exact: true });
  assert.deepEqual(feeMinorOf('90071992547409.91', 'USD'), { minor: 9_007_199_254_740_991, exact: true });
});

test('bad commission text, unknown currencies and amounts beyond 2^53 − 1 minor units are EXECUTION_VENUE_FEE_INVALID', () => {
  for (const [text, currency] of [['abc', 'USD'], ['', 'USD'], ['1.00', 'XXX'], ['90071992547409.92', 'USD']] as const) {
    assert.throws(() => feeMinorOf(text, currency), (error: unknown) => error instanceof KestrelError && error.code === 'EXECUTION_VENUE_FEE_INVALID', `${text} ${currency}`);
  }
});

test('rounding invariant, exhaustively over small amounts: |amount − fee| ≤ ½ minor unit, ties to even, exact iff no rounding', () => {
  for (const scale of [3, 4, 8]) {
    const unit = 10n ** BigInt(scale - 2);
    for (let c = -20_000n; c <= 20_000n; c++) {
      const text = `${c < 0n ? '-' : ''}${(c < 0n ? -c : c).toString().padStart(scale + 1, '0').replace(new RegExp(`(\\d{${scale}})$`), '.$1')}`;
      const { minor, exact } = feeMinorOf(text, 'USD');
      // Both sides in units of 10^-scale dollars: the distance is at most half a cent.
      const distance = c - BigInt(minor) * unit;
      const twice = 2n * (distance < 0n ? -distance : distance);
      assert.ok(twice <= unit, `${text} -> ${minor}`);
      if (twice === unit) assert.equal(Math.abs(minor % 2), 0, `${text} -> ${minor}: a tie goes to even`);
      assert.equal(exact, distance === 0n, text);
    }
  }
});
