// Builders for the events and requests the integration tests send.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { EventEnvelope, Instrument, InstrumentEconomics, LotSelection, OrderExecutedPayload, OrderStatus } from '@kestrel/shared';
import { createEnvelope, idempotentHandler } from '@kestrel/server-common';
import { bookExecutionEvent, type BookingResult } from '../../src/services/book-execution.js';
import type { Harness, TestUser } from './harness.js';

/** A USD stock with a 0.01 tick and one-share lots: one tick on one lot = 1 cent. */
export const GOOG: InstrumentEconomics = { symbol: 'GOOG', currency: 'USD', tickSize: '0.01', lotSize: 1, contractMultiplier: 1 };

/** Fields of one fill. */
export interface FillSpec {
  accountId: string;
  side: 'buy' | 'sell';
  quantityLots: number;
  priceTicks: number;
  feeMinor?: number;
  executedAt?: string;
  orderId?: string;
  executionId?: string;
  orderStatus?: OrderStatus;
  lotSelection?: LotSelection | null;
  instrument?: InstrumentEconomics;
}

/** An orders.executed envelope for one fill. */
export function executedEvent(spec: FillSpec): EventEnvelope<OrderExecutedPayload> {
  const instrument = spec.instrument ?? GOOG;
  const orderId = spec.orderId ?? randomUUID();
  const executedAt = spec.executedAt ?? new Date().toISOString();
  return createEnvelope('orders.executed', spec.accountId, {
    execution: {
      id: spec.executionId ?? randomUUID(),
      orderId,
      clientOrderId: `c-${orderId.slice(0, 8)}`,
      accountId: spec.accountId,
      symbol: instrument.symbol,
      side: spec.side,
      priceTicks: spec.priceTicks,
      quantityLots: spec.quantityLots,
      liquidity: 'taker',
      feeMinor: spec.feeMinor ?? 0,
      venue: 'KESTREL',
      venueExecutionId: null,
      engineSequence: null,
      executedAt,
      recordedAt: executedAt,
    },
    order: {
      id: orderId,
      status: spec.orderStatus ?? 'filled',
      filledQuantityLots: spec.quantityLots,
      remainingQuantityLots: 0,
      averageFillPrice: { numerator: String(spec.priceTicks * spec.quantityLots), denominator: String(spec.quantityLots) },
    },
    instrument,
    lotSelection: spec.lotSelection ?? null,
  });
}

/** Delivers an event the way the bus consumer does (idempotent by event id) and returns the booking result. */
export async function deliver(pool: pg.Pool, event: EventEnvelope): Promise<BookingResult | 'skipped'> {
  let result: BookingResult | 'skipped' = 'skipped';
  const handler = idempotentHandler(pool, 'portfolio.positions', async (delivered, client) => {
    result = await bookExecutionEvent(client, delivered);
  });
  await handler(event, { partition: 0, attempt: 1 });
  return result;
}

/** Opens a cash account for `owner` (through the API) and funds it (as admin). */
export async function fundedAccount(h: Harness, owner: TestUser, cashMinor: number, options: { lotMethod?: string; name?: string } = {}): Promise<string> {
  const opened = await h.call('POST', '/v1/accounts', {
    as: owner,
    body: { name: options.name ?? 'main', currency: 'USD', type: 'cash', ...(options.lotMethod ? { lotMethod: options.lotMethod } : {}) },
  });
  if (opened.statusCode !== 201) throw new Error(`open account: ${opened.statusCode} ${opened.body}`);
  const id = opened.json().id as string;
  if (cashMinor > 0) {
    const funded = await h.call('POST', `/v1/accounts/${id}/deposits`, { as: h.user('admin'), body: { amountMinor: cashMinor, reference: `fund-${id}` } });
    if (funded.statusCode !== 201) throw new Error(`deposit: ${funded.statusCode} ${funded.body}`);
  }
  return id;
}

/** A full GOOG instrument definition. */
export function instrumentDefinition(): Instrument {
  return {
    ...GOOG,
    name: 'Alphabet Inc.',
    assetClass: 'equity' as const,
    status: 'active' as const,
    minQuantityLots: 1,
    maxQuantityLots: 1_000_000,
    minPriceTicks: 1,
    maxPriceTicks: 100_000_000,
    tradingHours: { timeZone: 'America/New_York', sessions: [{ days: [1, 2, 3, 4, 5], open: '09:30', close: '16:00' }], holidays: [] },
  };
}
