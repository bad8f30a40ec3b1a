import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ReplayMatcher, type MatcherOrder } from './replay-matcher.js';

function order(id: string, side: 'buy' | 'sell', type: 'market' | 'limit', quantityLots: number, limitPriceTicks: number | null = null): MatcherOrder {
  return { id, side, type, limitPriceTicks, quantityLots, filledLots: 0, filledNotional: 0n, status: 'pending', reason: null };
}

describe('ReplayMatcher', () => {
  it('fills a market order at the next print, up to the print quantity, and cancels the rest', () => {
    const matcher = new ReplayMatcher();
    const buy = order('a', 'buy', 'market', 10);
    matcher.add(buy);
    const outcome = matcher.print(10_000, 4, 1_000n);
    assert.deepEqual(outcome.fills.map((fill) => [fill.priceTicks, fill.quantityLots, fill.liquidity]), [[10_000, 4, 'taker']]);
    assert.equal(buy.status, 'cancelled');
    assert.deepEqual(outcome.ended, [buy]);
    matcher.close();
  });

  it('rests a limit order below the market and fills it at its own price when the replay trades through it', () => {
    const matcher = new ReplayMatcher();
    const buy = order('b', 'buy', 'limit', 5, 9_990);
    matcher.add(buy);
    assert.equal(matcher.print(10_000, 100, 1_000n).fills.length, 0);
    assert.equal(buy.status, 'open');
    assert.equal(matcher.print(9_995, 100, 2_000n).fills.length, 0);
    const through = matcher.print(9_980, 3, 3_000n);
    assert.deepEqual(through.fills.map((fill) => [fill.priceTicks, fill.quantityLots, fill.liquidity]), [[9_990, 3, 'maker']]);
    assert.equal(buy.status, 'partially_filled');
    matcher.print(9_990, 10, 4_000n);
    assert.equal(buy.status, 'filled');
    assert.equal(buy.filledNotional, 9_990n * 5n);
    matcher.close();
  });

  it('fills a marketable limit sell at the print price, and cancels resting orders on request', () => {
    const matcher = new ReplayMatcher();
    const sell = order('c', 'sell', 'limit', 2, 9_000);
    const resting = order('d', 'sell', 'limit', 2, 20_000);
    matcher.add(sell);
    matcher.add(resting);
    const outcome = matcher.print(10_000, 100, 1_000n);
    assert.deepEqual(outcome.fills.map((fill) => [fill.order.id, fill.priceTicks]), [['c', 10_000]]);
    assert.deepEqual(matcher.live().map((live) => live.id), ['d']);
    assert.equal(matcher.cancel('d'), true);
    assert.equal(matcher.cancel('d'), false);
    assert.deepEqual(matcher.live(), []);
    matcher.close();
  });

  it('keeps engine time moving forward after a seek back', () => {
    const matcher = new ReplayMatcher();
    matcher.print(100, 1, 5_000n);
    matcher.add(order('e', 'buy', 'market', 1));
    assert.equal(matcher.print(90, 1, 1_000n).fills[0]!.priceTicks, 90);
    matcher.close();
  });

  it('refuses a paper order over the account limits with the engine risk code, and not the market liquidity', () => {
    const matcher = new ReplayMatcher();
    matcher.configureRisk({ maxPosition: 5 }, 'off');
    const small = order('s', 'buy', 'limit', 5, 9_990);
    const large = order('l', 'sell', 'limit', 6, 10_010);
    matcher.add(small);
    matcher.add(large);
    const outcome = matcher.print(10_000, 100, 1_000n);
    assert.equal(small.status, 'open');
    assert.equal(large.status, 'rejected');
    assert.match(large.reason ?? '', /^RISK_/);
    assert.deepEqual(outcome.ended, [large]);
    matcher.close();
  });

  it('refuses new paper orders under a halt and cancels resting ones on cancel_all', () => {
    const matcher = new ReplayMatcher();
    const resting = order('r', 'buy', 'limit', 5, 9_990);
    matcher.add(resting);
    matcher.print(10_000, 100, 1_000n);
    matcher.configureRisk(null, 'halt');
    const halted = order('h', 'buy', 'market', 1);
    matcher.add(halted);
    matcher.print(10_000, 100, 2_000n);
    assert.equal(halted.status, 'rejected');
    assert.equal(halted.reason, 'RISK_KILL_SWITCH_HALT');
    assert.equal(resting.status, 'open');
    const cancelled = matcher.configureRisk(null, 'cancel_all');
    assert.deepEqual(cancelled.ended, [resting]);
    assert.equal(resting.status, 'cancelled');
    matcher.configureRisk(null, 'off');
    const after = order('a', 'buy', 'market', 1);
    matcher.add(after);
    assert.equal(matcher.print(10_000, 100, 3_000n).fills.length, 1);
    matcher.close();
  });

  it('checks a market order against a price-based limit at the replayed price', () => {
    const matcher = new ReplayMatcher();
    matcher.configureRisk({ maxOrderNotional: 50_000 }, 'off');
    const small = order('s', 'buy', 'market', 5);
    const large = order('l', 'buy', 'market', 6);
    matcher.add(small);
    matcher.add(large);
    matcher.print(10_000, 100, 1_000n);
    assert.deepEqual([small.status, large.status, large.reason], ['filled', 'rejected', 'RISK_MAX_ORDER_NOTIONAL']);
    matcher.close();
  });
});
