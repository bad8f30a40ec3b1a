// The order ticket's rules, without React: turning what the trader typed into a NewOrderRequest
// (exact ticks and lots — a price that is not a whole number of ticks is refused, never rounded),
// checking it with the same shared rules the order service applies (orderShapeIssues,
// orderInstrumentIssues), the notional, and when to ask for confirmation. Which fields apply
// follows the order type and time in force, so the ticket never offers a contradiction.
import {
  ORDER_SERVICE_REJECT_REASONS,
  notionalMinor,
  orderInstrumentIssues,
  orderShapeIssues,
  priceTicksOf,
  type Instrument,
  type NewOrderRequest,
  type OrderType,
  type Side,
  type TimeInForce,
} from '@kestrel/shared';
import type { ConfirmationRules } from '../preferences/preferences-store.js';

/** What the trader typed. */
export interface TicketForm {
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  quantity: string;
  limitPrice: string;
  stopPrice: string;
  /** GTD: local date-time text from the input (YYYY-MM-DDTHH:MM). */
  expireAt: string;
  postOnly: boolean;
  /** Iceberg peak in lots ('' = show all). */
  displayQuantity: string;
}

/** A fresh ticket. */
export const EMPTY_TICKET: TicketForm = {
  side: 'buy',
  type: 'limit',
  timeInForce: 'DAY',
  quantity: '100',
  limitPrice: '',
  stopPrice: '',
  expireAt: '',
  postOnly: false,
  displayQuantity: '',
};

/** Which inputs apply to the form's type and time in force. */
export function applicableFields(form: Pick<TicketForm, 'type' | 'timeInForce'>) {
  const hasLimit = form.type === 'limit' || form.type === 'stop_limit';
  const immediate = form.timeInForce === 'IOC' || form.timeInForce === 'FOK';
  return {
    limitPrice: hasLimit,
    stopPrice: form.type === 'stop' || form.type === 'stop_limit',
    expireAt: form.timeInForce === 'GTD',
    postOnly: form.type === 'limit' && !immediate,
    displayQuantity: hasLimit && !immediate,
    /** Times in force the order type accepts (a market or stop order cannot rest). */
    timesInForce: (form.type === 'market' || form.type === 'stop' ? ['DAY', 'IOC', 'FOK'] : ['DAY', 'GTC', 'GTD', 'IOC', 'FOK']) as TimeInForce[],
  };
}

/** A unique client order id (the idempotency key of the submission). */
export function newClientOrderId(now = Date.now(), random = Math.random): string {
  return `kd-${now.toString(36)}-${Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0')}`;
}

/** The outcome of building the order. */
export type BuildResult = { ok: true; request: NewOrderRequest } | { ok: false; problems: string[] };

function lots(text: string, what: string, problems: string[]): number | undefined {
  const trimmed = text.trim().replace(/,/g, '');
  if (!/^[1-9][0-9]{0,15}$/.test(trimmed) || !Number.isSafeInteger(Number(trimmed))) {
    problems.push(`${what} must be a whole number of lots`);
    return undefined;
  }
  return Number(trimmed);
}

function ticks(text: string, what: string, instrument: Instrument, problems: string[]): number | undefined {
  const trimmed = text.trim().replace(/,/g, '');
  try {
    return priceTicksOf(instrument, trimmed);
  } catch {
    problems.push(`${what} must be a price on the ${instrument.tickSize} tick grid`);
    return undefined;
  }
}

/** Builds and checks the order. */
export function buildOrder(form: TicketForm, instrument: Instrument, accountId: string, clientOrderId: string): BuildResult {
  const problems: string[] = [];
  const fields = applicableFields(form);
  const quantityLots = lots(form.quantity, 'Quantity', problems);
  const request: Partial<NewOrderRequest> = {
    clientOrderId,
    accountId,
    symbol: instrument.symbol,
    side: form.side,
    type: form.type,
    timeInForce: form.timeInForce,
    quantityLots,
  };
  if (fields.limitPrice) request.limitPriceTicks = ticks(form.limitPrice, 'Limit price', instrument, problems);
  if (fields.stopPrice) request.stopPriceTicks = ticks(form.stopPrice, 'Stop price', instrument, problems);
  if (fields.expireAt) {
    const date = new Date(form.expireAt);
    if (Number.isNaN(date.getTime()) || date.getTime() <= Date.now()) problems.push('Expiry must be a future date and time');
    else request.expireAt = date.toISOString();
  }
  if (fields.postOnly && form.postOnly) request.postOnly = true;
  if (fields.displayQuantity && form.displayQuantity.trim() !== '') request.displayQuantityLots = lots(form.displayQuantity, 'Display quantity', problems);
  if (problems.length > 0) return { ok: false, problems };
  const complete = request as NewOrderRequest;
  const issues = [...orderShapeIssues(complete), ...orderInstrumentIssues(complete, instrument)];
  if (issues.length > 0) {
    return { ok: false, problems: issues.map((code) => ORDER_SERVICE_REJECT_REASONS[code as keyof typeof ORDER_SERVICE_REJECT_REASONS] ?? code) };
  }
  return { ok: true, request: complete };
}

/** The notional of the order at its limit (or stop) price, in minor units; null for a market order. */
export function orderNotional(request: NewOrderRequest, instrument: Instrument): number | null {
  const price = request.limitPriceTicks ?? request.stopPriceTicks;
  return price === undefined ? null : notionalMinor(instrument, price, request.quantityLots);
}

/** Why the ticket asks before sending (empty: send at once). */
export function confirmationReasons(request: NewOrderRequest, instrument: Instrument, rules: ConfirmationRules): string[] {
  const reasons: string[] = [];
  if (rules.always) reasons.push('Confirmation is on for every order');
  if (rules.marketOrders && request.type === 'market') reasons.push('Market order: the fill price is not limited');
  const notional = orderNotional(request, instrument);
  if (rules.aboveNotionalMinor > 0 && notional !== null && notional > rules.aboveNotionalMinor) reasons.push('The order is larger than your confirmation threshold');
  return reasons;
}

/** The one-line description of an order: "BUY 100 AAPL @ 100.34 LMT DAY". */
export function describeOrder(request: NewOrderRequest, price: (ticks: number) => string): string {
  const type = { limit: 'LMT', market: 'MKT', stop: 'STP', stop_limit: 'STP LMT' }[request.type];
  const parts = [request.side.toUpperCase(), String(request.quantityLots), request.symbol];
  if (request.stopPriceTicks !== undefined) parts.push(`stop ${price(request.stopPriceTicks)}`);
  if (request.limitPriceTicks !== undefined) parts.push(`@ ${price(request.limitPriceTicks)}`);
  parts.push(type, request.timeInForce);
  if (request.postOnly) parts.push('post-only');
  if (request.displayQuantityLots !== undefined) parts.push(`show ${request.displayQuantityLots}`);
  return parts.join(' ');
}
