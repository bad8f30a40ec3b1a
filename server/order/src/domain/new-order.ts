// Building the stored record of a new order — a client's, or a parent's child. Pure.
// Invariants: a new order is either `new` + `checking` (on its way to the buying-power check) or,
// when `rejectReason` is given, `rejected` + `local` (it never leaves the service); nothing is
// filled, reserved or pending. Child client order ids are `kestrel:<parent id>:<role>`, unique per
// parent and role, so the unique (account, clientOrderId) constraint also stops a child from being
// placed twice.
import type { LotSelection, NewOrderRequest, OrderRejectReason } from '@kestrel/shared';
import type { OrderRecord } from './order-record.js';
import type { ChildRequest } from './parent/parent-types.js';

/** Who the order belongs to and where it sits. */
export interface OrderIdentity {
  id: string;
  accountId: string;
  ownerUserId: string;
  clientOrderId: string;
  parentOrderId: string | null;
  parentRole: string | null;
}

/** The order terms, as a request carries them. */
export interface OrderTerms {
  symbol: string;
  side: OrderRecord['side'];
  type: OrderRecord['type'];
  timeInForce: OrderRecord['timeInForce'];
  quantityLots: number;
  limitPriceTicks: number | null;
  stopPriceTicks: number | null;
  expireAt: string | null;
  postOnly: boolean;
  displayQuantityLots: number | null;
  lotSelection: LotSelection | null;
}

/** The terms of a client's request. */
export function termsOfRequest(request: NewOrderRequest): OrderTerms {
  return {
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
    lotSelection: request.lotSelection ?? null,
  };
}

/** The terms of a strategy's child. */
export function termsOfChild(request: ChildRequest): OrderTerms {
  return { ...request, lotSelection: null };
}

/** The client order id of a parent's child. */
export function childClientOrderId(parentId: string, role: string): string {
  return `kestrel:${parentId}:${role}`;
}

/** The terms as a NewOrderRequest, for the shared entry checks. */
export function asRequest(identity: Pick<OrderIdentity, 'accountId' | 'clientOrderId'>, terms: OrderTerms): NewOrderRequest {
  return {
    clientOrderId: identity.clientOrderId,
    accountId: identity.accountId,
    symbol: terms.symbol,
    side: terms.side,
    type: terms.type,
    timeInForce: terms.timeInForce,
    quantityLots: terms.quantityLots,
    ...(terms.limitPriceTicks === null ? {} : { limitPriceTicks: terms.limitPriceTicks }),
    ...(terms.stopPriceTicks === null ? {} : { stopPriceTicks: terms.stopPriceTicks }),
    ...(terms.expireAt === null ? {} : { expireAt: terms.expireAt }),
    ...(terms.postOnly ? { postOnly: true } : {}),
    ...(terms.displayQuantityLots === null ? {} : { displayQuantityLots: terms.displayQuantityLots }),
    ...(terms.lotSelection === null ? {} : { lotSelection: terms.lotSelection }),
  };
}

/** A new order record at `at`. */
export function newOrderRecord(identity: OrderIdentity, terms: OrderTerms, rejectReason: OrderRejectReason | null, at: string): OrderRecord {
  return {
    ...identity,
    ...terms,
    status: rejectReason === null ? 'new' : 'rejected',
    rejectReason,
    filledQuantityLots: 0,
    fillNotional: 0n,
    routing: rejectReason === null ? 'checking' : 'local',
    submitCommandId: null,
    reservationIds: [],
    releasePending: false,
    cancelCommandId: null,
    cancelRequestedAt: null,
    pendingReplace: null,
    createdAt: at,
    updatedAt: at,
  };
}
