// Parent orders (POST/GET/DELETE /v1/parent-orders): starting a strategy, cancelling it, and the
// API view. Starting runs like order entry — ownership via the portfolio, the (account,
// clientOrderId) key claimed in the same namespace as plain orders, idempotent retries — then the
// parent is stored with its initial state (a VWAP's weights are fixed here from the volume
// profile) and its strategy's first decision is carried out in the same transaction.
import { randomUUID } from 'node:crypto';
import { enqueue, withTransaction } from '@kestrel/server-common';
import { instantMillis, type NewParentOrderRequest, type ParentOrder, type ParentOrderDetail } from '@kestrel/shared';
import { mayView, type Caller } from '../access.js';
import type { ForwardedCredentials } from '../clients/portfolio-client.js';
import { fingerprint } from '../domain/order-entry.js';
import { toOrder } from '../domain/order-record.js';
import { initialState, parentFilled, parentProgress, parentSymbol, strategyProblem } from '../domain/parent/parent-strategy.js';
import { orderError } from '../errors.js';
import type pg from 'pg';
import type { ExecutionVenue } from '../domain/execution-venue.js';
import { claimClientId } from '../store/client-ids-store.js';
import { volumeProfile } from '../store/market-store.js';
import { childrenOf } from '../store/orders-store.js';
import { findParent, insertParent, type ParentRecord } from '../store/parents-store.js';
import type { OrderContext } from './context.js';
import { Effects } from './effects.js';
import { parentUpdatedEvent } from './events.js';
import { childView, evaluateParent } from './parent-engine.js';
import { assertSameRequest } from './place-order.js';
import { runEffects } from './routing.js';

/** The API view of a parent and its children. */
export async function parentDetail(db: pg.Pool | pg.ClientBase, parent: ParentRecord): Promise<ParentOrderDetail> {
  const children = await childrenOf(db, parent.id);
  const summary: ParentOrder = {
    id: parent.id,
    clientOrderId: parent.clientOrderId,
    accountId: parent.accountId,
    type: parent.type,
    symbol: parent.symbol,
    status: parent.status,
    reason: parent.reason,
    filledQuantityLots: parentFilled(parent.strategy, children.map(childView)),
    strategy: parent.strategy,
    progress: parentProgress(parent.strategy, parent.state),
    childOrderIds: children.map((child) => child.id),
    createdAt: parent.createdAt,
    updatedAt: parent.updatedAt,
  };
  return { ...summary, children: children.map((child) => ({ ...toOrder(child), parentRole: child.parentRole ?? '' })) };
}

/** The parent if the caller may see it; ORDER_PARENT_NOT_FOUND otherwise. */
export async function visibleParent(context: OrderContext, caller: Caller, parentId: string): Promise<ParentRecord> {
  const parent = await findParent(context.db, parentId);
  if (!parent || !mayView(caller, parent.ownerUserId)) throw orderError('ORDER_PARENT_NOT_FOUND', 'No such parent order');
  return parent;
}

function strategyInstants(request: NewParentOrderRequest): string[] {
  const strategy = request.strategy;
  if (strategy.type === 'twap' || strategy.type === 'vwap') return [strategy.endAt, ...(strategy.startAt === undefined ? [] : [strategy.startAt])];
  if (strategy.type === 'oco') return strategy.legs.flatMap((leg) => (leg.expireAt === undefined ? [] : [leg.expireAt]));
  if (strategy.type === 'oto') return [strategy.primary.expireAt, strategy.secondary.expireAt].filter((value): value is string => value !== undefined);
  return [];
}

/** Starts (or returns the earlier) parent order for `request`. */
export async function createParent(
  context: OrderContext,
  caller: Caller,
  credentials: ForwardedCredentials,
  request: NewParentOrderRequest,
): Promise<{ parent: ParentRecord; created: boolean }> {
  if (strategyInstants(request).some((instant) => instantMillis(instant) === null)) {
    throw orderError('ORDER_INVALID_RANGE', 'A time of the strategy lies outside the supported instants (years 0001-9999 UTC)');
  }
  const account = await context.accounts.resolve(caller, credentials, request.accountId);
  const requestPrint = fingerprint({ kind: 'parent', ...request });
  const strategy = request.strategy;
  const volume = strategy.type === 'vwap' ? await volumeProfile(context.db, strategy.symbol) : null;
  const effects = new Effects();
  const outcome = await withTransaction(context.db, async (client) => {
    const id = randomUUID();
    const existing = await claimClientId(client, request.accountId, request.clientOrderId, { kind: 'parent', targetId: id, fingerprint: requestPrint });
    if (existing) {
      assertSameRequest(existing, 'parent', requestPrint, request.clientOrderId);
      return { id: existing.targetId, created: false };
    }
    const nowMs = context.time.now();
    const problem = strategyProblem(strategy, nowMs);
    if (problem !== null) throw orderError('ORDER_PARENT_INVALID', `Invalid ${strategy.type}: ${problem}`, { problem });
    const at = new Date(nowMs).toISOString();
    const inactive = account.status !== 'active';
    const parent: ParentRecord = {
      id,
      accountId: account.id,
      ownerUserId: account.ownerUserId,
      clientOrderId: request.clientOrderId,
      type: strategy.type,
      symbol: parentSymbol(strategy),
      strategy,
      state: initialState(strategy, nowMs, volume && volume.size > 0 ? (minute) => volume.get(minute) ?? null : null),
      status: inactive ? 'rejected' : 'working',
      reason: inactive ? 'ORDER_ACCOUNT_NOT_ACTIVE' : null,
      wakeAtMs: null,
      createdAt: at,
      updatedAt: at,
    };
    await insertParent(client, parent);
    await enqueue(client, parentUpdatedEvent(parent, 0, nowMs));
    if (!inactive) await evaluateParent(client, context.venue, nowMs, id, { kind: 'start' }, effects);
    return { id, created: true };
  });
  await runEffects(context, effects);
  const parent = await findParent(context.db, outcome.id);
  if (!parent) throw new Error(`parent ${outcome.id} vanished after it was recorded`);
  return { parent, created: outcome.created };
}

/** Cancels a working parent inside the caller's transaction; false when it was not working. */
export async function cancelParentInTransaction(
  client: pg.ClientBase,
  venue: ExecutionVenue<pg.ClientBase>,
  nowMs: number,
  parentId: string,
  reason: string,
  effects: Effects,
): Promise<boolean> {
  const before = await findParent(client, parentId);
  if (!before || before.status !== 'working') return false;
  const after = await evaluateParent(client, venue, nowMs, parentId, { kind: 'cancel', reason }, effects);
  return after?.status === 'cancelled';
}

/** DELETE /v1/parent-orders/:id: cancels the strategy and every open child. */
export async function cancelParent(context: OrderContext, caller: Caller, parentId: string): Promise<ParentRecord> {
  const visible = await visibleParent(context, caller, parentId);
  const effects = new Effects();
  const cancelled = await withTransaction(context.db, (client) => cancelParentInTransaction(client, context.venue, context.time.now(), parentId, 'CANCELLED_BY_USER', effects));
  if (!cancelled) throw orderError('ORDER_PARENT_NOT_OPEN', `The parent order is already ${visible.status}`, { status: visible.status });
  await runEffects(context, effects);
  const parent = await findParent(context.db, parentId);
  return parent ?? visible;
}
