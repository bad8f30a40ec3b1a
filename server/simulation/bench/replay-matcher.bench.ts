// Benchmark of the replay matcher (src/replay/replay-matcher.ts): prints per second with paper
// orders resting on both sides and new orders arriving, against a baseline measured in the same run
// — the same number of raw engine commands (rest, cancel) submitted directly, i.e. the floor any
// matching on the engine costs. Prints numbers and the load average; asserts nothing.
// Run: node --import tsx server/simulation/bench/replay-matcher.bench.ts
import { loadavg } from 'node:os';
import { Engine } from '@kestrel/engine';
import { ReplayMatcher, type MatcherOrder } from '../src/replay/replay-matcher.js';

const PRINTS = 100_000;
let serial = 0;

function order(side: 'buy' | 'sell', limitPriceTicks: number): MatcherOrder {
  return { id: `o${++serial}`, side, type: 'limit', limitPriceTicks, quantityLots: 5, filledLots: 0, filledNotional: 0n, status: 'pending', reason: null };
}

function runMatcher(): { seconds: number; fills: number } {
  const matcher = new ReplayMatcher();
  let fills = 0;
  let price = 10_000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < PRINTS; i++) {
    price += (i * 7919) % 5 - 2;
    if (i % 10 === 0) {
      matcher.add(order('buy', price - 3));
      matcher.add(order('sell', price + 3));
    }
    fills += matcher.print(price, 3, BigInt(i + 1) * 1000n).fills.length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  matcher.close();
  return { seconds, fills };
}

function runBaseline(): number {
  const engine = Engine.open();
  let id = 1n;
  const started = process.hrtime.bigint();
  for (let i = 0; i < PRINTS; i++) {
    for (const side of ['sell', 'buy'] as const) {
      const orderId = id++;
      engine.submit({ type: 'new_order', symbol: 1, orderId, account: 1, side, price: 10_000, quantity: 3, timeInForce: 'gtc', timestamp: BigInt(i + 1) * 1000n });
      engine.submit({ type: 'cancel', symbol: 1, orderId, account: 1, timestamp: BigInt(i + 1) * 1000n });
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  engine.close();
  return seconds;
}

runBaseline();
runMatcher();
const baseline = runBaseline();
const matcher = runMatcher();
console.log(
  JSON.stringify({
    prints: PRINTS,
    matcherPrintsPerSecond: Math.round(PRINTS / matcher.seconds),
    fills: matcher.fills,
    baselinePrintsPerSecond: Math.round(PRINTS / baseline),
    matcherOverBaseline: Number((matcher.seconds / baseline).toFixed(2)),
    loadAverage: loadavg().map((value) => Number(value.toFixed(2))),
  }),
);
