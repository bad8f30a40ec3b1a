import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PaperPerformance, ReplaySession } from '../../api/simulation-api.js';
import { depositOf, depositReference, describePerformance, describeSession, initialSessionForm, parseSpeed, replayOrderRequestOf, replayProgress, seekTimeAt, sessionRequestOf, utcInstant } from './paper-model.js';

const PAPER = '7d1e0c55-3b8a-4f0e-9a47-2c9e1b6f0a11';
const session = (change: Partial<ReplaySession> = {}): ReplaySession => ({
  id: '1a2b3c4d-0000-4000-8000-000000000000',
  paperAccountId: PAPER,
  accountId: 'acc',
  symbol: 'AAPL',
  tradingSymbol: 'AAPL.R1A2B3C4D',
  kind: 'trades',
  interval: null,
  replay: { id: 'r', state: 'playing', speed: 10, from: '2012-06-21T13:30:00.000Z', to: '2012-06-21T14:00:00.000Z', position: '2012-06-21T13:45:00.000Z', emitted: 5 },
  prints: 120,
  fills: 2,
  lastPriceTicks: 58_500,
  lastPrintAt: null,
  openOrders: 1,
  ...change,
});

describe('replay session form', () => {
  it('builds the request in UTC, with the interval only for bar replays', () => {
    assert.deepEqual(sessionRequestOf({ ...initialSessionForm(), symbol: ' aapl ' }, PAPER), {
      ok: true,
      body: { paperAccountId: PAPER, symbol: 'AAPL', kind: 'trades', from: '2012-06-21T13:30:00.000Z', to: '2012-06-21T14:00:00.000Z', speed: 10, play: true },
    });
    const bars = sessionRequestOf({ ...initialSessionForm(), kind: 'bars', interval: '1d', speed: 'MAX', from: '2012-01-01T00:00', to: '2013-01-01T00:00:30' }, PAPER, false);
    assert.ok(bars.ok);
    assert.equal(bars.body.interval, '1d');
    assert.equal(bars.body.speed, 'max');
    assert.equal(bars.body.play, false);
    assert.equal(bars.body.to, '2013-01-01T00:00:30.000Z');
  });

  it('lists every problem and builds nothing', () => {
    const result = sessionRequestOf({ ...initialSessionForm(), symbol: 'a b', from: '2012-06-21 13:30', to: '2012-06-21T13:00', speed: '0' }, null);
    assert.deepEqual(result, {
      ok: false,
      problems: ['Open a paper account first', 'Symbol is not valid', 'From must be a date and time (UTC)', 'Speed must be a positive multiple of real time (at most 1000000) or "max"'],
    });
    const reversed = sessionRequestOf({ ...initialSessionForm(), from: '2012-06-21T14:00', to: '2012-06-21T14:00' }, PAPER);
    assert.deepEqual(reversed, { ok: false, problems: ['To must be after From'] });
  });

  it('reads speeds and times strictly', () => {
    assert.equal(parseSpeed('2.5x'), 2.5);
    assert.equal(parseSpeed('max'), 'max');
    assert.equal(parseSpeed('-1'), null);
    assert.equal(parseSpeed('2000000'), null);
    assert.equal(parseSpeed('1e3'), null);
    assert.equal(utcInstant('2012-06-21T13:30'), '2012-06-21T13:30:00.000Z');
    assert.equal(utcInstant('2012-06-21T13:30Z'), null);
  });
});

describe('replay position', () => {
  it('maps the position to a fraction and a fraction back to whole seconds inside the range', () => {
    assert.equal(replayProgress(session()), 0.5);
    assert.equal(replayProgress(session({ replay: null })), 0);
    assert.equal(seekTimeAt(session(), 0.25), '2012-06-21T13:37:30.000Z');
    assert.equal(seekTimeAt(session(), 1 / 3), '2012-06-21T13:40:00.000Z');
    assert.equal(seekTimeAt(session(), 2), '2012-06-21T14:00:00.000Z');
    assert.equal(seekTimeAt(session(), -1), '2012-06-21T13:30:00.000Z');
    assert.equal(seekTimeAt(session({ replay: null }), 0.5), null);
  });

  it('describes a session', () => {
    assert.equal(describeSession(session()), 'playing · 10× · 2012-06-21 13:45:00 UTC · 120 prints · 2 fills · 1 open');
    assert.equal(describeSession(session({ replay: null, openOrders: 0 })), 'ended · 120 prints · 2 fills · 0 open');
  });
});

describe('paper orders', () => {
  it('converts a limit price to exact ticks and refuses an off-grid one', () => {
    assert.deepEqual(replayOrderRequestOf({ side: 'buy', type: 'limit', quantity: '3', limitPrice: '585.01' }, '0.01', 'c-1'), {
      ok: true,
      body: { side: 'buy', type: 'limit', quantityLots: 3, limitPriceTicks: 58_501, clientOrderId: 'c-1' },
    });
    assert.deepEqual(replayOrderRequestOf({ side: 'sell', type: 'limit', quantity: '1', limitPrice: '585.015' }, '0.01'), { ok: false, problems: ['Limit price must be a price on the 0.01 tick grid'] });
    assert.deepEqual(replayOrderRequestOf({ side: 'sell', type: 'limit', quantity: '1', limitPrice: '1' }, null), {
      ok: false,
      problems: ['The instrument is not known, so a limit price cannot be converted to ticks'],
    });
  });

  it('sends a market order without a price and refuses fractional lots', () => {
    assert.deepEqual(replayOrderRequestOf({ side: 'sell', type: 'market', quantity: '10', limitPrice: 'junk' }, null), { ok: true, body: { side: 'sell', type: 'market', quantityLots: 10 } });
    assert.equal(replayOrderRequestOf({ side: 'sell', type: 'market', quantity: '1.5', limitPrice: '' }, null).ok, false);
    assert.equal(replayOrderRequestOf({ side: 'sell', type: 'market', quantity: '0', limitPrice: '' }, null).ok, false);
  });
});

describe('paper cash', () => {
  it('takes exact minor units and refuses more digits than the currency has', () => {
    assert.deepEqual(depositOf('2500', 'USD', 'r1'), { ok: true, body: { amountMinor: 250_000, reference: 'r1' } });
    assert.deepEqual(depositOf('0.10', 'USD', 'r2'), { ok: true, body: { amountMinor: 10, reference: 'r2' } });
    assert.equal(depositOf('1.005', 'USD', 'r').ok, false);
    assert.equal(depositOf('0', 'USD', 'r').ok, false);
    assert.equal(depositOf('ten', 'USD', 'r').ok, false);
  });

  it('makes references the service accepts, different per click', () => {
    const first = depositReference(1_700_000_000_000, () => 0.1);
    const second = depositReference(1_700_000_000_000, () => 0.2);
    assert.match(first, /^[A-Za-z0-9._:/-]{1,64}$/);
    assert.notEqual(first, second);
  });

  it('summarises performance', () => {
    const performance: PaperPerformance = {
      paperAccountId: PAPER, accountId: 'a', from: '', to: '', interval: '1h', periods: 24, skippedPeriods: 0, startEquityMinor: 100, endEquityMinor: 110,
      totalPnlMinor: 1234, totalReturn: 0.1, maxDrawdown: 0.0525, volatility: null, sharpe: 1.234, winRate: 0.5, bestPeriodReturn: null, worstPeriodReturn: null,
    };
    assert.equal(describePerformance(performance, (minor) => `$${minor}`), 'return 10.00% · P&L $1234 · max DD 5.25% · vol – · Sharpe 1.23 · win 50.00% · 24 1h periods');
  });
});
