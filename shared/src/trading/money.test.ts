import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addMinor, decimalToMinor, minorDigits, minorToDecimal } from './money.js';

test('decimal text converts to minor units exactly', () => {
  assert.equal(decimalToMinor('12.34', 'USD'), 1234);
  assert.equal(decimalToMinor('0.1', 'USD'), 10);
  assert.equal(decimalToMinor('1200', 'JPY'), 1200);
  assert.equal(decimalToMinor('12.340', 'USD'), 1234);
  assert.equal(decimalToMinor('-0.005', 'KWD'), -5);
  assert.throws(() => decimalToMinor('12.345', 'USD'), { code: 'TRADING_NOT_EXACT' });
  assert.throws(() => decimalToMinor('abc', 'USD'), { code: 'TRADING_NOT_EXACT' });
  assert.throws(() => decimalToMinor('1', 'XXX'), { code: 'TRADING_CURRENCY_UNKNOWN' });
  assert.throws(() => decimalToMinor('100000000000000', 'USD'), { code: 'TRADING_AMOUNT_OUT_OF_RANGE' });
});

test('minorToDecimal is the inverse of decimalToMinor', () => {
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.constantFrom('USD', 'JPY', 'KWD'), (minor, currency) => {
      assert.equal(decimalToMinor(minorToDecimal(minor, currency), currency), minor);
    }),
  );
  assert.equal(minorToDecimal(-5, 'USD'), '-0.05');
  assert.equal(minorToDecimal(1200, 'JPY'), '1200');
  assert.equal(minorDigits('KWD'), 3);
});

test('addMinor refuses an inexact sum', () => {
  assert.equal(addMinor(1, 2, -3), 0);
  assert.throws(() => addMinor(Number.MAX_SAFE_INTEGER, 1), { code: 'TRADING_AMOUNT_OUT_OF_RANGE' });
  assert.throws(() => addMinor(0.5), { code: 'TRADING_AMOUNT_OUT_OF_RANGE' });
});
