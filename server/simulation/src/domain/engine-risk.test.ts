import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { engineRiskOf } from './engine-risk.js';

describe('engineRiskOf', () => {
  it('translates every limit to the engine unit names and leaves absent ones out', () => {
    const risk = engineRiskOf({
      limits: { maxOrderQuantityLots: 1, maxOrderNotionalTickLots: 2, maxPositionLots: 3, maxOpenOrders: 4, maxDailyLossTickLots: 5, priceCollarBps: 6 },
      accountKill: 'off',
      globalKill: 'off',
    });
    assert.deepEqual(risk, { limits: { maxOrderQuantity: 1, maxOrderNotional: 2, maxPosition: 3, maxOpenOrders: 4, maxDailyLoss: 5, priceCollarBps: 6 }, killSwitch: 'off' });
    assert.deepEqual(engineRiskOf({ limits: { maxPositionLots: 7 }, accountKill: 'off', globalKill: 'off' }).limits, { maxPosition: 7 });
    assert.equal(engineRiskOf({ limits: null, accountKill: 'off', globalKill: 'off' }).limits, null);
  });

  it('applies the firm-wide kill switch when engaged, else the account\'s', () => {
    assert.equal(engineRiskOf({ limits: null, accountKill: 'reduce_only', globalKill: 'off' }).killSwitch, 'reduce_only');
    assert.equal(engineRiskOf({ limits: null, accountKill: 'reduce_only', globalKill: 'halt' }).killSwitch, 'halt');
    assert.equal(engineRiskOf({ limits: null, accountKill: 'off', globalKill: 'cancel_all' }).killSwitch, 'cancel_all');
  });
});
