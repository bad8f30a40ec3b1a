import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { BuyingPowerCheckRequest } from '@kestrel/shared';
import { CheckBatcher, type CheckAnswer } from './check-batcher.js';

class Refused extends Error {}

const check = (quantityLots: number): BuyingPowerCheckRequest => ({ orderId: randomUUID(), accountId: randomUUID(), symbol: 'ACME', side: 'buy', quantityLots, priceTicks: 100 });
const approve = (request: BuyingPowerCheckRequest): CheckAnswer => ({
  result: { orderId: request.orderId, approved: true, reason: null, requiredMinor: request.quantityLots, buyingPowerMinor: 0, reservedMinor: request.quantityLots },
});

/** A portfolio that answers after a turn of the event loop, recording each batch it got. */
function portfolio(answer: (request: BuyingPowerCheckRequest) => CheckAnswer = approve) {
  const batches: number[] = [];
  const send = async (checks: readonly BuyingPowerCheckRequest[]) => {
    batches.push(checks.length);
    await new Promise((resolve) => setImmediate(resolve));
    if (checks.some((c) => c.quantityLots < 0)) throw new Refused('400 REQUEST_INVALID');
    if (checks.some((c) => c.quantityLots === 0)) throw new Error('portfolio down');
    return checks.map(answer);
  };
  return { batches, send };
}

test('checks that arrive while two batches are in flight share the next call, and each caller gets its own answer', async () => {
  const { batches, send } = portfolio();
  const batcher = new CheckBatcher(send, (error) => error instanceof Refused);
  const requests = Array.from({ length: 50 }, (_, i) => check(i + 1));
  const answers = await Promise.all(requests.map((request) => batcher.check(request)));
  answers.forEach((answer, i) => assert.deepEqual(answer, approve(requests[i]!)));
  assert.deepEqual(batches, [1, 1, 48]);
});

test('a refused batch is split so one bad check does not refuse the others', async () => {
  const { batches, send } = portfolio();
  const batcher = new CheckBatcher(send, (error) => error instanceof Refused);
  const first = [batcher.check(check(1)), batcher.check(check(2))];
  const good = check(3);
  const rest = [batcher.check(good), batcher.check(check(-1)), batcher.check(check(4))];
  await Promise.all(first);
  const settled = await Promise.allSettled(rest);
  assert.deepEqual(settled[0], { status: 'fulfilled', value: approve(good) });
  assert.deepEqual(settled.slice(1).map((result) => result.status), ['rejected', 'fulfilled']);
  assert.deepEqual(batches, [1, 1, 3, 1, 1, 1]);
});

test('a failure that is not a refusal fails the whole batch, and later checks go on', async () => {
  const { send } = portfolio();
  const batcher = new CheckBatcher(send, (error) => error instanceof Refused);
  const results = await Promise.allSettled([batcher.check(check(1)), batcher.check(check(1)), batcher.check(check(0)), batcher.check(check(5))]);
  assert.deepEqual(
    results.map((result) => result.status),
    ['fulfilled', 'fulfilled', 'rejected', 'rejected'],
  );
  assert.ok('result' in (await batcher.check(check(7))));
});
