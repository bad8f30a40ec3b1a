// The trading client: placing, changing and cancelling orders and reading orders and fills,
// behind one interface so the ticket, the blotters, the DOM and the positions panel do not care
// how the order service is reached. `createOrderGateway` picks the REST implementation when the
// connected suite publishes the order routes (capabilities.ts), and otherwise an explicit
// "unavailable" gateway whose every call fails with ORDER_SERVICE_UNAVAILABLE — never a fake
// that pretends orders were placed. Contract (server/order, OpenAPI): POST /v1/orders with a
// NewOrderRequest; PATCH /v1/orders/{id} with the new total quantity and/or prices (202, pending
// until execution confirms); DELETE /v1/orders/{id} to cancel one and DELETE /v1/orders to cancel
// all (optionally of one account or symbol); GET /v1/orders (`open=true` for working orders) and
// GET /v1/executions, newest first, for the blotters, one page at a time (`limit`, and `cursor` =
// the previous page's `nextCursor`).
import type { Execution, NewOrderRequest, Order } from '@kestrel/shared';
import { ApiError } from '../../api/api-error.js';
import type { Capabilities } from '../../api/capabilities.js';
import type { HttpClient } from '../../api/http-client.js';
import type { Page } from './paged-history.js';

/** The fields a modification may change. */
export interface OrderChange {
  quantityLots?: number;
  limitPriceTicks?: number;
  stopPriceTicks?: number;
}

/** Filters of the order list. */
export interface OrderFilter {
  accountId?: string;
  /** open: new, accepted, partially filled. */
  scope?: 'open' | 'all';
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** Filters of the fill list. */
export interface ExecutionFilter {
  accountId?: string;
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** An order as the order service shows it: the shared Order plus its pending changes. */
export type OrderView = Order & {
  /** Role of a child order in its parent (bracket leg, slice...). */
  parentRole?: string | null;
  /** A cancel was asked for and is waiting for execution to confirm. */
  cancelPending?: boolean;
  /** A modification waiting for execution to confirm. */
  pendingModification?: { quantityLots: number; limitPriceTicks: number | null; stopPriceTicks: number | null } | null;
};

/** The trading client. */
export interface OrderGateway {
  readonly available: boolean;
  /** Why trading is unavailable (shown by the panels). */
  readonly unavailableReason: string | null;
  place(request: NewOrderRequest): Promise<Order>;
  modify(orderId: string, change: OrderChange): Promise<Order>;
  cancel(orderId: string): Promise<void>;
  /** Cancels every working order (of one account or symbol); returns how many were asked to cancel. */
  cancelAll(filter?: { accountId?: string; symbol?: string }): Promise<number>;
  orders(filter?: OrderFilter): Promise<OrderView[]>;
  /** One page of orders, newest first, with the cursor of the next (older) page. */
  orderPage(filter?: OrderFilter): Promise<Page<OrderView>>;
  executions(filter?: ExecutionFilter): Promise<Execution[]>;
  /** One page of fills, newest first, with the cursor of the next (older) page. */
  executionPage(filter?: ExecutionFilter): Promise<Page<Execution>>;
}

/** Code of every call on a suite without the order service. */
export const ORDER_SERVICE_UNAVAILABLE = 'ORDER_SERVICE_UNAVAILABLE';

class UnavailableOrderGateway implements OrderGateway {
  readonly available = false;
  constructor(readonly unavailableReason: string) {}
  private fail(): never {
    throw new ApiError(ORDER_SERVICE_UNAVAILABLE, this.unavailableReason, 0);
  }
  place(): Promise<Order> {
    this.fail();
  }
  modify(): Promise<Order> {
    this.fail();
  }
  cancel(): Promise<void> {
    this.fail();
  }
  cancelAll(): Promise<number> {
    this.fail();
  }
  orders(): Promise<OrderView[]> {
    this.fail();
  }
  orderPage(): Promise<Page<OrderView>> {
    this.fail();
  }
  executions(): Promise<Execution[]> {
    this.fail();
  }
  executionPage(): Promise<Page<Execution>> {
    this.fail();
  }
}

/** Lists come either as an array or wrapped in an object under one key. */
function listOf<T>(answer: unknown, key: string): T[] {
  if (Array.isArray(answer)) return answer as T[];
  const wrapped = (answer as Record<string, unknown> | null)?.[key];
  return Array.isArray(wrapped) ? (wrapped as T[]) : [];
}

/** A page of a list route (`{ <key>: [...], nextCursor }`; a bare array is one last page). */
function pageOf<T>(answer: unknown, key: string): Page<T> {
  const cursor = Array.isArray(answer) ? null : (answer as { nextCursor?: unknown } | null)?.nextCursor;
  return { rows: listOf<T>(answer, key), nextCursor: typeof cursor === 'string' ? cursor : null };
}

/** Answers of place/modify may wrap the order (`{ order }`). */
function orderOf(answer: unknown): Order {
  const wrapped = (answer as { order?: Order } | null)?.order;
  return wrapped ?? (answer as Order);
}

class RestOrderGateway implements OrderGateway {
  readonly available = true;
  readonly unavailableReason = null;
  constructor(
    private readonly http: HttpClient,
    private readonly capabilities: Capabilities,
  ) {}

  async place(request: NewOrderRequest): Promise<Order> {
    return orderOf(await this.http.post('/v1/orders', request));
  }

  async modify(orderId: string, change: OrderChange): Promise<Order> {
    return orderOf(await this.http.patch(`/v1/orders/${encodeURIComponent(orderId)}`, change));
  }

  async cancel(orderId: string): Promise<void> {
    const id = encodeURIComponent(orderId);
    if (this.capabilities.has('post', '/v1/orders/{id}/cancel')) await this.http.post(`/v1/orders/${id}/cancel`);
    else await this.http.delete(`/v1/orders/${id}`);
  }

  async cancelAll(filter: { accountId?: string; symbol?: string } = {}): Promise<number> {
    const answer = await this.http.delete<{ orderIds?: string[]; parentOrderIds?: string[] }>('/v1/orders', { query: filter });
    return (answer?.orderIds?.length ?? 0) + (answer?.parentOrderIds?.length ?? 0);
  }

  async orders(filter: OrderFilter = {}): Promise<OrderView[]> {
    return (await this.orderPage(filter)).rows;
  }

  async orderPage(filter: OrderFilter = {}): Promise<Page<OrderView>> {
    const query = { accountId: filter.accountId, limit: filter.limit, cursor: filter.cursor, ...(filter.scope === 'open' ? { open: true } : {}) };
    return pageOf<OrderView>(await this.http.get('/v1/orders', { query }), 'orders');
  }

  async executions(filter: ExecutionFilter = {}): Promise<Execution[]> {
    return (await this.executionPage(filter)).rows;
  }

  async executionPage(filter: ExecutionFilter = {}): Promise<Page<Execution>> {
    if (!this.capabilities.has('get', '/v1/executions')) return { rows: [], nextCursor: null };
    return pageOf<Execution>(await this.http.get('/v1/executions', { query: { accountId: filter.accountId, limit: filter.limit, cursor: filter.cursor } }), 'executions');
  }
}

/** The gateway for the connected suite. */
export function createOrderGateway(http: HttpClient, capabilities: Capabilities): OrderGateway {
  if (!capabilities.has('post', '/v1/orders')) {
    return new UnavailableOrderGateway('This Kestrel server has no order service (POST /v1/orders is not in its API)');
  }
  return new RestOrderGateway(http, capabilities);
}
