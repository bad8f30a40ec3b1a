import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeExposure } from './exposure.js';

test('gross, net, long, short and shares of gross', () => {
  const exposure = computeExposure(
    [
      { symbol: 'AAA', quantityLots: 10, markPriceTicks: 100, markSource: 'last-trade', marketValueMinor: 1000 },
      { symbol: 'BBB', quantityLots: -5, markPriceTicks: 400, markSource: 'last-trade', marketValueMinor: -2000 },
      { symbol: 'CCC', quantityLots: 0, markPriceTicks: 1, markSource: 'last-trade', marketValueMinor: 0 },
    ],
    6000,
  );
  assert.equal(exposure.grossMinor, 3000);
  assert.equal(exposure.netMinor, -1000);
  assert.equal(exposure.longMinor, 1000);
  assert.equal(exposure.shortMinor, -2000);
  assert.equal(exposure.leverageBps, 5000);
  assert.deepEqual(exposure.bySymbol.map((entry) => [entry.symbol, entry.shareOfGrossBps]), [['BBB', 6666], ['AAA', 3333]]);
});

test('leverage is undefined without positive equity', () => {
  assert.equal(computeExposure([], 0).leverageBps, null);
  assert.equal(computeExposure([], 0).grossMinor, 0);
});
