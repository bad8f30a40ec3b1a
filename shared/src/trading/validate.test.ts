import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExecutionSchema, type Execution } from './execution.js';
import { NewOrderRequestSchema } from './order.js';
import { TRADING_TOPIC_SCHEMAS, type OrderExecutedPayload } from './topic-payloads.js';
import { parseTrading, tradingIssues } from './validate.js';

const EXECUTION: Execution = {
  id: '6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5',
  orderId: '7f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5',
  clientOrderId: 'c-1',
  accountId: '8f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5',
  symbol: 'GOOG',
  side: 'buy',
  priceTicks: 10_034,
  quantityLots: 5,
  liquidity: 'taker',
  feeMinor: 12,
  venue: 'KESTREL',
  venueExecutionId: null,
  engineSequence: '18446744073709551615',
  executedAt: '2026-01-05T14:30:00.123Z',
  recordedAt: '2026-01-05T14:30:00.125Z',
};

test('a valid execution passes unchanged', () => {
  assert.equal(parseTrading(ExecutionSchema, EXECUTION, 'execution'), EXECUTION);
});

test('money-path numbers must be safe integers', () => {
  for (const [field, value] of [
    ['priceTicks', 100.5],
    ['quantityLots', 0],
    ['quantityLots', 2 ** 53],
    ['feeMinor', 0.1],
    ['priceTicks', '10034'],
  ] as const) {
    const bad = { ...EXECUTION, [field]: value };
    assert.throws(() => parseTrading(ExecutionSchema, bad, 'execution'), (error: Error & { code?: string; details?: { path: string }[] }) => {
      assert.equal(error.code, 'TRADING_INVALID_PAYLOAD');
      assert.ok(error.details?.some((issue) => issue.path === `/${field}`), `${field}=${String(value)} reported`);
      return true;
    });
  }
});

test('ids, timestamps and unknown fields are checked', () => {
  assert.ok(tradingIssues(ExecutionSchema, { ...EXECUTION, id: 'not-a-uuid' }).some((issue) => issue.path === '/id'));
  assert.ok(tradingIssues(ExecutionSchema, { ...EXECUTION, executedAt: '2026-13-45T99:00:00Z' }).length > 0);
  assert.ok(tradingIssues(ExecutionSchema, { ...EXECUTION, extra: 1 }).length > 0);
  assert.ok(tradingIssues(NewOrderRequestSchema, { clientOrderId: 'x y' }).some((issue) => issue.path === '/clientOrderId'));
});

test('the orders.executed payload schema accepts a complete payload', () => {
  const payload: OrderExecutedPayload = {
    execution: EXECUTION,
    order: {
      id: EXECUTION.orderId,
      status: 'partially_filled',
      filledQuantityLots: 5,
      remainingQuantityLots: 5,
      averageFillPrice: { numerator: '50170', denominator: '5' },
    },
    instrument: { symbol: 'GOOG', currency: 'USD', tickSize: '0.01', lotSize: 1, contractMultiplier: 1 },
    lotSelection: { method: 'specific', lots: [{ lotId: EXECUTION.id, quantityLots: 2 }] },
  };
  assert.deepEqual(tradingIssues(TRADING_TOPIC_SCHEMAS['orders.executed'], payload), []);
});
