// The order service's checks of a new order before anything is routed, and the fingerprint that
// makes submission idempotent. Pure. Invariants: entryRejectReason returns the FIRST failing rule
// in a fixed order — contradictory fields (orderShapeIssues), unknown instrument, instrument
// status and limits (orderInstrumentIssues), trading hours — so the same request always gets the
// same reason; requestFingerprint is equal for two requests exactly when they would create the
// same order (absent optional fields and their defaults compare equal, key order never matters).
import { createHash } from 'node:crypto';
import {
  isWithinTradingHours,
  orderInstrumentIssues,
  orderShapeIssues,
  type Instrument,
  type NewOrderRequest,
  type OrderRejectReason,
} from '@kestrel/shared';

/** Why the order must be rejected before routing, or null when it may go on to the buying-power check. */
export function entryRejectReason(request: NewOrderRequest, instrument: Instrument | null, atMs: number): OrderRejectReason | null {
  const shape = orderShapeIssues(request);
  if (shape.length > 0) return shape[0]!;
  if (instrument === null) return 'ORDER_INSTRUMENT_UNKNOWN';
  const fit = orderInstrumentIssues(request, instrument);
  if (fit.length > 0) return fit[0]!;
  if (!isWithinTradingHours(instrument.tradingHours, new Date(atMs))) return 'ORDER_MARKET_CLOSED';
  return null;
}

/** The request with every optional field made explicit, in a fixed key order. */
export function normaliseRequest(request: NewOrderRequest): Record<string, unknown> {
  return {
    clientOrderId: request.clientOrderId,
    accountId: request.accountId,
    symbol: request.symbol,
    side: request.side,
    type: request.type,
    timeInForce: request.timeInForce,
    quantityLots: request.quantityLots,
    limitPriceTicks: request.limitPriceTicks ?? null,
    stopPriceTicks: request.stopPriceTicks ?? null,
    expireAt: request.expireAt === undefined ? null : new Date(request.expireAt).toISOString(),
    postOnly: request.postOnly ?? false,
    displayQuantityLots: request.displayQuantityLots ?? null,
    lotSelection: request.lotSelection ? canonical(request.lotSelection) : null,
  };
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, inner]) => inner !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, inner]) => [key, canonical(inner)]),
    );
  }
  return value;
}

/** SHA-256 of a value's canonical JSON (sorted keys, no undefined): the idempotency fingerprint. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex');
}

/** The fingerprint of a new-order request. */
export function requestFingerprint(request: NewOrderRequest): string {
  return fingerprint({ kind: 'order', ...normaliseRequest(request) });
}
