// Agent decisions are deterministic for a seed, keep prices and quantities valid, and the maker
// leans against its inventory.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AGENT_ACCOUNTS, decide, driftFair, type AgentIntent, type SymbolView } from './agents.js';
import { SeededRandom } from './random.js';

function run(seed: number, steps: number): AgentIntent[] {
  const random = new SeededRandom(seed);
  let view: SymbolView = { fairTicks: 100, makerPosition: 0n, makerOrders: [], recentAggressors: [] };
  const all: AgentIntent[] = [];
  for (let i = 0; i < steps; i++) {
    view = { ...view, fairTicks: driftFair(random, view.fairTicks), makerOrders: i % 3 === 0 ? [] : [1n, 2n], recentAggressors: i % 7 < 5 ? ['buy', 'buy', 'buy', 'buy', 'buy'] : ['sell', 'buy'] };
    all.push(...decide(random, view));
  }
  return all;
}

test('the same seed gives the same intents; another seed differs', () => {
  assert.deepEqual(run(42, 500), run(42, 500));
  assert.notDeepEqual(run(42, 500), run(43, 500));
});

test('every order intent has a positive price and quantity, and every agent acts', () => {
  const intents = run(7, 2000);
  const orders = intents.filter((intent) => intent.kind === 'order');
  for (const intent of orders) {
    assert.ok(intent.priceTicks >= 1 && Number.isInteger(intent.priceTicks));
    assert.ok(intent.quantityLots >= 1 && Number.isInteger(intent.quantityLots));
  }
  for (const account of Object.values(AGENT_ACCOUNTS)) assert.ok(orders.some((intent) => intent.account === account), `account ${account} acted`);
});

test('the maker quotes lower when long and higher when short', () => {
  const quotes = (position: bigint) => {
    const random = new SeededRandom(1);
    const intents = decide(random, { fairTicks: 1000, makerPosition: position, makerOrders: [], recentAggressors: [] });
    return intents.filter((intent) => intent.kind === 'order').map((intent) => (intent as { priceTicks: number }).priceTicks);
  };
  const [flatBid, flatAsk] = quotes(0n);
  const [longBid, longAsk] = quotes(200n);
  const [shortBid, shortAsk] = quotes(-200n);
  assert.ok(longBid! < flatBid! && longAsk! < flatAsk!);
  assert.ok(shortBid! > flatBid! && shortAsk! > flatAsk!);
  assert.ok(flatBid! < 1000 && flatAsk! > 1000);
});
