// The read side: order, execution and parent lists (keyset-paged, newest first, filtered) and
// single reads. Visibility: a user sees what belongs to accounts they own; risk and admin see
// everything (access.ts). A filter naming someone else's account simply matches nothing.
import { instantMillis, type Execution, type OrderStatus, type ParentOrderStatus, type ParentOrderType, type Side } from '@kestrel/shared';
import { seesAll, type Caller } from '../access.js';
import { decodeCursor, encodeCursor, queryScope } from '../domain/page-cursor.js';
import type { OrderRecord } from '../domain/order-record.js';
import { orderError } from '../errors.js';
import { listExecutions } from '../store/executions-store.js';
import { listOrders } from '../store/orders-store.js';
import { listParents, type ParentRecord } from '../store/parents-store.js';
import type { OrderContext } from './context.js';

/** One page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Common list parameters. */
interface PageQuery {
  cursor?: string;
  limit?: number;
}

function pageLimit(context: OrderContext, query: PageQuery): number {
  return Math.min(query.limit ?? 50, context.config.maxPageSize);
}

function cursorSeq(scope: string, query: PageQuery): number | undefined {
  if (query.cursor === undefined) return undefined;
  const seq = decodeCursor(scope, query.cursor);
  if (seq === null) throw orderError('ORDER_CURSOR_INVALID', 'The cursor was not issued for this query');
  return seq;
}

function range(query: { from?: string; to?: string }): { fromMs?: number; toMs?: number } {
  const fromMs = query.from === undefined ? undefined : instantMillis(query.from);
  const toMs = query.to === undefined ? undefined : instantMillis(query.to);
  if (fromMs === null || toMs === null) throw orderError('ORDER_INVALID_RANGE', 'from/to lie outside the supported instants (years 0001-9999 UTC)');
  if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) throw orderError('ORDER_INVALID_RANGE', 'from must not be after to');
  return { fromMs, toMs };
}

function page<T>(rows: { seq: number }[], items: T[], limit: number, scope: string): Page<T> {
  const more = rows.length > limit;
  return { items: items.slice(0, limit), nextCursor: more ? encodeCursor(scope, rows[limit - 1]!.seq) : null };
}

const OPEN: readonly OrderStatus[] = ['new', 'accepted', 'partially_filled'];

/** Filters of GET /v1/orders. */
export interface OrderListQuery extends PageQuery {
  accountId?: string;
  symbol?: string;
  side?: Side;
  status?: OrderStatus[];
  open?: boolean;
  parentOrderId?: string;
  from?: string;
  to?: string;
}

/** A page of the caller's orders. */
export async function queryOrders(context: OrderContext, caller: Caller, query: OrderListQuery): Promise<Page<OrderRecord>> {
  const scope = queryScope({ ...query, owner: caller.userId });
  const limit = pageLimit(context, query);
  let statuses = query.status;
  if (query.open !== undefined) {
    const wanted = (status: OrderStatus) => OPEN.includes(status) === query.open;
    statuses = (statuses ?? ['new', 'accepted', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired']).filter(wanted);
  }
  const rows = await listOrders(
    context.db,
    {
      ownerUserId: seesAll(caller) ? null : caller.userId,
      accountId: query.accountId,
      symbol: query.symbol,
      side: query.side,
      statuses,
      parentOrderId: query.parentOrderId,
      ...range(query),
      beforeSeq: cursorSeq(scope, query),
    },
    limit + 1,
  );
  return page(rows, rows.map((row) => row.order), limit, scope);
}

/** Filters of GET /v1/executions. */
export interface ExecutionListQuery extends PageQuery {
  accountId?: string;
  orderId?: string;
  symbol?: string;
  side?: Side;
  from?: string;
  to?: string;
}

/** A page of the caller's fills. */
export async function queryExecutions(context: OrderContext, caller: Caller, query: ExecutionListQuery): Promise<Page<Execution>> {
  const scope = queryScope({ ...query, owner: caller.userId });
  const limit = pageLimit(context, query);
  const rows = await listExecutions(
    context.db,
    {
      ownerUserId: seesAll(caller) ? null : caller.userId,
      accountId: query.accountId,
      orderId: query.orderId,
      symbol: query.symbol,
      side: query.side,
      ...range(query),
      beforeSeq: cursorSeq(scope, query),
    },
    limit + 1,
  );
  return page(rows, rows.map((row) => row.execution), limit, scope);
}

/** Filters of GET /v1/parent-orders. */
export interface ParentListQuery extends PageQuery {
  accountId?: string;
  symbol?: string;
  type?: ParentOrderType;
  status?: ParentOrderStatus[];
}

/** A page of the caller's parent orders. */
export async function queryParents(context: OrderContext, caller: Caller, query: ParentListQuery): Promise<Page<ParentRecord>> {
  const scope = queryScope({ ...query, owner: caller.userId });
  const limit = pageLimit(context, query);
  const rows = await listParents(
    context.db,
    {
      ownerUserId: seesAll(caller) ? null : caller.userId,
      accountId: query.accountId,
      symbol: query.symbol,
      type: query.type,
      statuses: query.status,
      beforeSeq: cursorSeq(scope, query),
    },
    limit + 1,
  );
  return page(rows, rows.map((row) => row.parent), limit, scope);
}
