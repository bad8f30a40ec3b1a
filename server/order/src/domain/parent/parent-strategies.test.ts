// Parent strategies as pure decisions: worked examples of each strategy, and a property test that
// runs random strategies against a random venue (fills of any size, IOC remainders, expiries,
// rejections, cancels, time jumps, trades) and checks after every step that quantities are
// conserved — for every parent/child set, filled + open + cancelled (+ not yet issued) = original —
// and that each strategy keeps its own promises.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import type { OrderStatus, ParentStrategy } from '@kestrel/shared';
import { decide, initialState, parentFilled } from './parent-strategy.js';
import type { ChildOrder, ChildRequest, ParentDecision, ParentInput, ParentView } from './parent-types.js';
import { cumulativeTarget, defaultCurveWeights, historyWeights, sliceTime } from './volume-profile.js';

const T0 = Date.parse('2026-03-02T14:30:00.000Z');
const MINUTE = 60_000;

interface SimChild extends ChildOrder {
  request: ChildRequest;
}

const OPEN: readonly OrderStatus[] = ['new', 'accepted', 'partially_filled'];
const isOpen = (child: ChildOrder) => OPEN.includes(child.status);
const leaves = (child: ChildOrder) => (isOpen(child) ? child.quantityLots - child.filledQuantityLots : 0);
const closed = (child: ChildOrder) => (isOpen(child) ? 0 : child.quantityLots - child.filledQuantityLots);

/** A parent and its children, driven like the runtime drives them (children re-fed until quiet). */
class Simulation {
  parent: ParentView;
  children: SimChild[] = [];
  nowMs: number;
  lastPrice: number | null = null;
  submittedAfterEnd = 0;
  stops: number[] = [];

  constructor(strategy: ParentStrategy, nowMs = T0, volumeAt: ((minute: number) => bigint | null) | null = null) {
    this.nowMs = nowMs;
    this.parent = { id: randomUUID(), type: strategy.type, strategy, state: initialState(strategy, nowMs, volumeAt), status: 'working', reason: null, wakeAtMs: null };
  }

  step(input: ParentInput): ParentDecision {
    let decision = this.#apply(input);
    for (let round = 0; round < 8 && decision.submit.length + decision.cancel.length > 0; round += 1) decision = this.#apply({ kind: 'children' });
    return decision;
  }

  #apply(input: ParentInput): ParentDecision {
    const wasTerminal = this.parent.status !== 'working';
    const decision = decide(this.parent, this.children, input, { nowMs: this.nowMs, lastPriceTicks: this.lastPrice });
    if (wasTerminal) this.submittedAfterEnd += decision.submit.length;
    for (const id of decision.cancel) {
      const child = this.children.find((candidate) => candidate.id === id)!;
      assert.ok(isOpen(child) && !child.cancelRequested, 'only open children without a pending cancel are cancelled');
      child.cancelRequested = true;
    }
    for (const request of decision.submit) {
      assert.ok(!this.children.some((child) => child.role === request.role), `role ${request.role} placed twice`);
      assert.ok(request.quantityLots > 0, 'children ask for at least one lot');
      this.children.push({ id: randomUUID(), role: request.role, side: request.side, quantityLots: request.quantityLots, filledQuantityLots: 0, status: 'new', rejectReason: null, cancelRequested: false, request });
    }
    this.parent = { ...this.parent, state: decision.state, status: decision.status, reason: decision.reason, wakeAtMs: decision.wakeAtMs };
    if (this.parent.state.kind === 'trailing' && this.parent.state.stopPriceTicks !== null) this.stops.push(this.parent.state.stopPriceTicks);
    return decision;
  }

  child(role: string): SimChild {
    const found = this.children.find((child) => child.role === role);
    assert.ok(found, `no child ${role}`);
    return found;
  }

  fill(child: SimChild, quantity: number): void {
    assert.ok(isOpen(child) && quantity <= leaves(child));
    child.filledQuantityLots += quantity;
    child.status = child.filledQuantityLots === child.quantityLots ? 'filled' : 'partially_filled';
    this.step({ kind: 'children' });
  }

  end(child: SimChild, status: 'cancelled' | 'expired' | 'rejected', reason: ChildOrder['rejectReason'] = null): void {
    assert.ok(isOpen(child));
    child.status = status;
    child.rejectReason = reason ?? (status === 'cancelled' ? 'BOOK_USER_CANCELLED' : null);
    this.step({ kind: 'children' });
  }

  advanceTo(ms: number): void {
    this.nowMs = ms;
    this.step({ kind: 'timer' });
  }

  trade(price: number): void {
    this.lastPrice = price;
    this.step({ kind: 'trade', priceTicks: price });
  }
}

test('bracket: exits only after the entry ended, sized to what it filled, one cancels the other', () => {
  const sim = new Simulation({
    type: 'bracket',
    symbol: 'ACME',
    side: 'buy',
    quantityLots: 100,
    entry: { type: 'limit', timeInForce: 'DAY', limitPriceTicks: 1000 },
    takeProfit: { limitPriceTicks: 1100 },
    stopLoss: { stopPriceTicks: 950 },
  });
  sim.step({ kind: 'start' });
  const entry = sim.child('entry');
  assert.deepEqual([entry.request.type, entry.request.side, entry.quantityLots], ['limit', 'buy', 100]);
  sim.fill(entry, 60);
  assert.equal(sim.children.length, 1, 'no exits while the entry still works');
  sim.end(entry, 'cancelled');
  const takeProfit = sim.child('take-profit');
  const stopLoss = sim.child('stop-loss');
  assert.deepEqual([takeProfit.side, takeProfit.quantityLots, takeProfit.request.limitPriceTicks, takeProfit.request.timeInForce], ['sell', 60, 1100, 'GTC']);
  assert.deepEqual([stopLoss.request.type, stopLoss.quantityLots, stopLoss.request.stopPriceTicks, stopLoss.request.timeInForce], ['stop', 60, 950, 'DAY']);
  sim.fill(takeProfit, 10);
  assert.ok(stopLoss.cancelRequested, 'the first exit fill cancels the other exit');
  sim.end(stopLoss, 'cancelled');
  assert.equal(sim.parent.status, 'working');
  sim.fill(takeProfit, 50);
  assert.equal(sim.parent.status, 'completed');
  assert.equal(parentFilled(sim.parent.strategy, sim.children), 60);
});

test('bracket: an entry rejected by risk ends the parent with the risk reason', () => {
  const sim = new Simulation({ type: 'bracket', symbol: 'ACME', side: 'sell', quantityLots: 5, entry: { type: 'market', timeInForce: 'IOC' }, takeProfit: { limitPriceTicks: 90 }, stopLoss: { stopPriceTicks: 110, limitPriceTicks: 111 } });
  sim.step({ kind: 'start' });
  sim.end(sim.child('entry'), 'rejected', 'RISK_MAX_POSITION');
  assert.deepEqual([sim.parent.status, sim.parent.reason], ['rejected', 'RISK_MAX_POSITION']);
  assert.equal(sim.children.length, 1);
});

test('oco: the first fill of one leg cancels the other; the parent ends when both have', () => {
  const leg = { symbol: 'ACME', side: 'sell' as const, timeInForce: 'GTC' as const, quantityLots: 10 };
  const sim = new Simulation({ type: 'oco', legs: [{ ...leg, type: 'limit', limitPriceTicks: 120 }, { ...leg, type: 'stop', timeInForce: 'DAY', stopPriceTicks: 90 }] });
  sim.step({ kind: 'start' });
  assert.equal(sim.children.length, 2);
  sim.fill(sim.child('leg-2'), 4);
  assert.ok(sim.child('leg-1').cancelRequested);
  assert.ok(!sim.child('leg-2').cancelRequested, 'the filling leg keeps working');
  sim.end(sim.child('leg-1'), 'cancelled');
  sim.fill(sim.child('leg-2'), 6);
  assert.deepEqual([sim.parent.status, parentFilled(sim.parent.strategy, sim.children)], ['completed', 10]);
});

test('oto: the secondary goes out only after the primary filled completely', () => {
  const primary = { symbol: 'ACME', side: 'buy' as const, type: 'limit' as const, timeInForce: 'DAY' as const, quantityLots: 5, limitPriceTicks: 100 };
  const sim = new Simulation({ type: 'oto', primary, secondary: { ...primary, symbol: 'OTHER', side: 'sell', limitPriceTicks: 200 } });
  sim.step({ kind: 'start' });
  sim.fill(sim.child('primary'), 3);
  assert.equal(sim.children.length, 1);
  sim.fill(sim.child('primary'), 2);
  assert.equal(sim.child('secondary').request.symbol, 'OTHER');
  sim.fill(sim.child('secondary'), 5);
  assert.equal(sim.parent.status, 'completed');

  const cancelled = new Simulation({ type: 'oto', primary, secondary: primary });
  cancelled.step({ kind: 'start' });
  cancelled.fill(cancelled.child('primary'), 1);
  cancelled.end(cancelled.child('primary'), 'expired');
  assert.deepEqual([cancelled.parent.status, cancelled.parent.reason, cancelled.children.length], ['cancelled', 'PRIMARY_NOT_FILLED', 1]);
});

test('trailing stop (ticks): ratchets up with the high, never down, and fires a market IOC when touched', () => {
  const sim = new Simulation({ type: 'trailing_stop', symbol: 'ACME', side: 'sell', quantityLots: 7, trailTicks: 50 });
  sim.lastPrice = 1000;
  sim.step({ kind: 'start' });
  assert.deepEqual(sim.parent.state, { kind: 'trailing', extremePriceTicks: 1000, stopPriceTicks: 950, triggered: false });
  for (const price of [1010, 1100, 1060, 1051, 1080]) sim.trade(price);
  assert.equal(sim.parent.state.kind === 'trailing' && sim.parent.state.stopPriceTicks, 1050);
  assert.equal(sim.children.length, 0);
  sim.trade(1050);
  const stop = sim.child('stop');
  assert.deepEqual([stop.request.type, stop.request.timeInForce, stop.quantityLots, stop.side], ['market', 'IOC', 7, 'sell']);
  sim.trade(900);
  assert.equal(sim.children.length, 1, 'exactly one child');
  sim.fill(stop, 7);
  assert.equal(sim.parent.status, 'completed');
});

test('trailing stop (bps, buy, limit): the distance is floor(best × bps / 10000) ticks and the limit goes through the stop', () => {
  const sim = new Simulation({ type: 'trailing_stop', symbol: 'ACME', side: 'buy', quantityLots: 3, trailBps: 250, limitOffsetTicks: 2 });
  sim.step({ kind: 'start' });
  assert.equal(sim.parent.state.kind === 'trailing' && sim.parent.state.stopPriceTicks, null, 'waits for a first trade');
  sim.trade(2001);
  assert.equal(sim.parent.state.kind === 'trailing' && sim.parent.state.stopPriceTicks, 2001 + 50);
  sim.trade(1800);
  assert.equal(sim.parent.state.kind === 'trailing' && sim.parent.state.stopPriceTicks, 1845, '1800 × 2.5 % = 45');
  sim.trade(1845);
  assert.deepEqual([sim.child('stop').request.type, sim.child('stop').request.limitPriceTicks], ['limit', 1847]);
});

test('twap: cumulative targets, IOC remainders roll into the next slice, a late restart catches up in one slice', () => {
  const sim = new Simulation({ type: 'twap', symbol: 'ACME', side: 'buy', quantityLots: 10, endAt: new Date(T0 + 4 * MINUTE).toISOString(), slices: 4 });
  sim.step({ kind: 'start' });
  assert.equal(sim.child('slice-0').quantityLots, 2, 'floor(10 × 1/4)');
  assert.equal(sim.parent.wakeAtMs, T0 + MINUTE);
  sim.fill(sim.child('slice-0'), 1);
  sim.end(sim.child('slice-0'), 'cancelled', 'BOOK_IOC_REMAINDER_CANCELLED');
  sim.advanceTo(T0 + MINUTE);
  assert.equal(sim.child('slice-1').quantityLots, 4, 'target 5 − 1 filled');
  sim.fill(sim.child('slice-1'), 4);
  // Down for two slice times: one catch-up slice for the whole remainder.
  sim.advanceTo(T0 + 3 * MINUTE + 5);
  assert.equal(sim.children.some((child) => child.role === 'slice-2'), false);
  assert.equal(sim.child('slice-3').quantityLots, 5);
  assert.equal(sim.parent.wakeAtMs, null);
  sim.fill(sim.child('slice-3'), 5);
  assert.deepEqual([sim.parent.status, parentFilled(sim.parent.strategy, sim.children)], ['completed', 10]);
});

test('vwap: weights from the volume profile, or the default U curve without one', () => {
  assert.deepEqual(defaultCurveWeights(4), [3400n, 1800n, 1800n, 3400n]);
  const volume = (minute: number) => BigInt([10, 30, 20, 40][minute % 4]!);
  const start = Date.parse('2026-03-02T00:00:00.000Z');
  const weights = historyWeights(start, start + 4 * MINUTE, 4, volume)!;
  assert.deepEqual(weights, [10n * 60_000n, 30n * 60_000n, 20n * 60_000n, 40n * 60_000n]);
  assert.deepEqual([0, 1, 2, 3].map((index) => cumulativeTarget(100, weights, index)), [10, 40, 60, 100]);
  assert.equal(historyWeights(start, start + 4 * MINUTE, 4, (minute) => (minute === 2 ? null : 1n)), null, 'a gap in the profile falls back');

  const sim = new Simulation({ type: 'vwap', symbol: 'ACME', side: 'sell', quantityLots: 100, startAt: new Date(start).toISOString(), endAt: new Date(start + 4 * MINUTE).toISOString(), slices: 4 }, start, volume);
  sim.step({ kind: 'start' });
  assert.equal(sim.parent.state.kind === 'slicing' && sim.parent.state.profile, 'history');
  assert.equal(sim.child('slice-0').quantityLots, 10);
  const fallback = new Simulation({ type: 'vwap', symbol: 'ACME', side: 'sell', quantityLots: 100, endAt: new Date(T0 + 4 * MINUTE).toISOString(), slices: 4 });
  fallback.step({ kind: 'start' });
  assert.equal(fallback.parent.state.kind === 'slicing' && fallback.parent.state.profile, 'default-curve');
  assert.equal(fallback.child('slice-0').quantityLots, Math.floor((100 * 3400) / 10400));
});

test('cancel: every open child gets one cancel, and a terminal parent decides nothing more', () => {
  const sim = new Simulation({ type: 'twap', symbol: 'ACME', side: 'buy', quantityLots: 9, endAt: new Date(T0 + 3 * MINUTE).toISOString(), slices: 3 });
  sim.step({ kind: 'start' });
  sim.step({ kind: 'cancel', reason: 'CANCELLED_BY_USER' });
  assert.ok(sim.child('slice-0').cancelRequested);
  assert.deepEqual([sim.parent.status, sim.parent.wakeAtMs], ['cancelled', null]);
  sim.advanceTo(T0 + 10 * MINUTE);
  assert.equal(sim.children.length, 1);
  assert.equal(sim.submittedAfterEnd, 0);
});

const leg = fc.record({
  side: fc.constantFrom('buy' as const, 'sell' as const),
  quantityLots: fc.integer({ min: 1, max: 40 }),
});

const strategyArbitrary: fc.Arbitrary<ParentStrategy> = fc.oneof(
  fc.record({ quantityLots: fc.integer({ min: 1, max: 200 }), slices: fc.integer({ min: 1, max: 12 }), minutes: fc.integer({ min: 1, max: 90 }), vwap: fc.boolean() }).map(
    ({ quantityLots, slices, minutes, vwap }): ParentStrategy => ({
      type: vwap ? 'vwap' : 'twap',
      symbol: 'ACME',
      side: 'buy',
      quantityLots: Math.max(quantityLots, slices),
      endAt: new Date(T0 + minutes * MINUTE).toISOString(),
      slices,
    }),
  ),
  fc.record({ side: fc.constantFrom('buy' as const, 'sell' as const), quantityLots: fc.integer({ min: 1, max: 200 }) }).map(
    ({ side, quantityLots }): ParentStrategy => ({
      type: 'bracket',
      symbol: 'ACME',
      side,
      quantityLots,
      entry: { type: 'limit', timeInForce: 'DAY', limitPriceTicks: 1000 },
      takeProfit: { limitPriceTicks: side === 'buy' ? 1100 : 900 },
      stopLoss: { stopPriceTicks: side === 'buy' ? 900 : 1100 },
    }),
  ),
  fc.tuple(leg, leg).map(([a, b]): ParentStrategy => ({
    type: 'oco',
    legs: [
      { symbol: 'ACME', side: a.side, type: 'limit', timeInForce: 'GTC', quantityLots: a.quantityLots, limitPriceTicks: 1000 },
      { symbol: 'ACME', side: b.side, type: 'limit', timeInForce: 'GTC', quantityLots: b.quantityLots, limitPriceTicks: 1001 },
    ],
  })),
  fc.tuple(leg, leg).map(([a, b]): ParentStrategy => ({
    type: 'oto',
    primary: { symbol: 'ACME', side: a.side, type: 'limit', timeInForce: 'GTC', quantityLots: a.quantityLots, limitPriceTicks: 1000 },
    secondary: { symbol: 'ACME', side: b.side, type: 'limit', timeInForce: 'GTC', quantityLots: b.quantityLots, limitPriceTicks: 1001 },
  })),
  fc.record({ side: fc.constantFrom('buy' as const, 'sell' as const), quantityLots: fc.integer({ min: 1, max: 50 }), ticks: fc.integer({ min: 1, max: 30 }) }).map(
    ({ side, quantityLots, ticks }): ParentStrategy => ({ type: 'trailing_stop', symbol: 'ACME', side, quantityLots, trailTicks: ticks }),
  ),
);

const action = fc.oneof(
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 20 * MINUTE }) }),
  fc.record({ kind: fc.constant('trade' as const), move: fc.integer({ min: -40, max: 40 }) }),
  fc.record({ kind: fc.constant('fill' as const), pick: fc.nat(), share: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant('end' as const), pick: fc.nat(), status: fc.constantFrom('cancelled' as const, 'expired' as const, 'rejected' as const) }),
  fc.record({ kind: fc.constant('confirm-cancels' as const) }),
  fc.record({ kind: fc.constant('cancel-parent' as const) }),
);

/** filled + open + closed (+ not yet issued) = original, per strategy; plus each strategy's own promises. */
function checkInvariants(sim: Simulation): void {
  const strategy = sim.parent.strategy;
  for (const child of sim.children) {
    assert.ok(child.filledQuantityLots <= child.quantityLots);
    assert.equal(child.filledQuantityLots + leaves(child) + closed(child), child.quantityLots);
  }
  const sum = (children: readonly ChildOrder[], of: (child: ChildOrder) => number) => children.reduce((total, child) => total + of(child), 0);
  switch (strategy.type) {
    case 'twap':
    case 'vwap': {
      // Parent level: filled + working + still to send (working parent) or given up (ended) = original;
      // what an IOC slice did not fill is rolled into later slices, so it is "still to send".
      const filled = sum(sim.children, (child) => child.filledQuantityLots);
      const working = sum(sim.children, leaves);
      assert.ok(filled + working <= strategy.quantityLots, `filled ${filled} + working ${working} exceed ${strategy.quantityLots}`);
      const rest = strategy.quantityLots - filled - working;
      const pending = sim.parent.status === 'working' ? rest : 0;
      const givenUp = sim.parent.status === 'working' ? 0 : rest;
      assert.equal(filled + working + pending + givenUp, strategy.quantityLots);
      if (sim.parent.status === 'completed') assert.equal(working, 0);
      break;
    }
    case 'bracket': {
      const entry = sim.children.find((child) => child.role === 'entry');
      if (entry) assert.equal(entry.quantityLots, strategy.quantityLots);
      const exits = sim.children.filter((child) => child.role !== 'entry');
      if (exits.length > 0) {
        assert.ok(entry && !isOpen(entry), 'exits only after the entry ended');
        for (const exit of exits) assert.equal(exit.quantityLots, entry.filledQuantityLots, 'exits sized to the entry fill');
        assert.ok(sum(exits, (exit) => exit.filledQuantityLots) <= entry.filledQuantityLots + entry.filledQuantityLots);
        if (exits.some((exit) => exit.filledQuantityLots > 0)) {
          for (const exit of exits) if (exit.filledQuantityLots === 0) assert.ok(!isOpen(exit) || exit.cancelRequested, 'one exit filling cancels the other');
        }
      }
      break;
    }
    case 'oco':
      if (sim.children.some((child) => child.filledQuantityLots > 0 || !isOpen(child))) {
        for (const child of sim.children) if (child.filledQuantityLots === 0 && isOpen(child)) assert.ok(child.cancelRequested || sim.parent.status !== 'working');
      }
      break;
    case 'oto': {
      const secondary = sim.children.find((child) => child.role === 'secondary');
      if (secondary) assert.equal(sim.children.find((child) => child.role === 'primary')?.status, 'filled');
      break;
    }
    case 'trailing_stop': {
      assert.ok(sim.children.length <= 1);
      for (const child of sim.children) assert.equal(child.quantityLots, strategy.quantityLots);
      for (let i = 1; i < sim.stops.length; i += 1) {
        if (strategy.side === 'sell') assert.ok(sim.stops[i]! >= sim.stops[i - 1]!, 'a sell stop never moves down');
        else assert.ok(sim.stops[i]! <= sim.stops[i - 1]!, 'a buy stop never moves up');
      }
      break;
    }
  }
  if (sim.parent.status !== 'working') assert.equal(sim.parent.wakeAtMs, null);
  if (sim.parent.status === 'cancelled' && sim.parent.reason === 'CANCELLED_BY_USER') {
    assert.ok(sim.children.every((child) => !isOpen(child) || child.cancelRequested), 'a cancelled parent cancels every open child');
  }
  assert.equal(sim.submittedAfterEnd, 0, 'a terminal parent places nothing');
}

test('property: every parent/child set conserves its quantities under any sequence of venue events', () => {
  fc.assert(
    fc.property(strategyArbitrary, fc.array(action, { maxLength: 40 }), (strategy, actions) => {
      const sim = new Simulation(strategy, T0, (minute) => BigInt(1 + (minute % 7)));
      sim.lastPrice = 1000;
      sim.step({ kind: 'start' });
      checkInvariants(sim);
      for (const step of actions) {
        const open = sim.children.filter(isOpen);
        switch (step.kind) {
          case 'advance':
            sim.advanceTo(sim.nowMs + step.ms);
            break;
          case 'trade':
            sim.trade(Math.max(1, (sim.lastPrice ?? 1000) + step.move));
            break;
          case 'fill': {
            const child = open[step.pick % Math.max(open.length, 1)];
            if (child) sim.fill(child, Math.max(1, Math.floor((leaves(child) * step.share) / 100)));
            break;
          }
          case 'end': {
            const child = open[step.pick % Math.max(open.length, 1)];
            if (child) sim.end(child, child.status === 'new' || step.status !== 'rejected' ? step.status : 'cancelled', step.status === 'rejected' ? 'RISK_MAX_POSITION' : null);
            break;
          }
          case 'confirm-cancels':
            for (const child of open.filter((candidate) => candidate.cancelRequested)) sim.end(child, 'cancelled');
            break;
          case 'cancel-parent':
            sim.step({ kind: 'cancel', reason: 'CANCELLED_BY_USER' });
            break;
        }
        checkInvariants(sim);
      }
    }),
    { numRuns: 1000 },
  );
});

test('slice instants and the last cumulative target are exact', () => {
  assert.equal(sliceTime(0, 1000, 3, 1), 333);
  assert.equal(cumulativeTarget(7, [1n, 1n, 1n], 2), 7);
  assert.equal(cumulativeTarget(7, [1n, 1n, 1n], 0), 2);
});
