// Routing an order after its answer was sent: `POST /v1/orders` with `Prefer: respond-async`
// answers 202 once the order is recorded, and its buying-power check and routing run here. The
// outcome reaches the client as order updates (the stream, GET /v1/orders/:id), as any later change
// of the order does.
// Invariants: the order is durable before it is handed over (recorded `new`, routing `checking`),
// so an order whose routing is lost with the process is still `checking` and the recovery sweep
// routes it (services/recovery.ts); at most `limit` routings run detached — past that a request
// waits for its own routing, so a client sending faster than orders are routed is slowed down
// instead of queueing work without bound; close() waits for the detached routings.
import type { Logger } from 'pino';
import type { OrderRecord } from '../domain/order-record.js';

/** Routings detached from their requests at once, by default. */
const DEFAULT_LIMIT = 1_000;

/** Detached routing of recorded orders. */
export class BackgroundRouting {
  readonly #routeOrder: (order: OrderRecord) => Promise<unknown>;
  readonly #logger: Logger;
  readonly #limit: number;
  readonly #running = new Set<Promise<void>>();
  #closed = false;

  /** `routeOrder` takes a recorded order through its check to execution (routing.ts: routeOrder). */
  constructor(routeOrder: (order: OrderRecord) => Promise<unknown>, logger: Logger, limit = DEFAULT_LIMIT) {
    this.#routeOrder = routeOrder;
    this.#logger = logger;
    this.#limit = limit;
  }

  /** Routings now running detached. */
  get running(): number {
    return this.#running.size;
  }

  /**
   * Routes `order` (as its creator just recorded it). Resolves at once while fewer than `limit`
   * routings run detached; otherwise, or once closed, resolves when this routing has ended.
   */
  async route(order: OrderRecord): Promise<void> {
    if (this.#closed || this.#running.size >= this.#limit) return this.#routeLogged(order);
    const running = this.#routeLogged(order).finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  /** Stops detaching and waits for the routings that run detached. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#running]);
  }

  async #routeLogged(order: OrderRecord): Promise<void> {
    try {
      await this.#routeOrder(order);
    } catch (error) {
      this.#logger.error({ orderId: order.id, err: error }, 'routing an order after its answer failed; the recovery sweep retries');
    }
  }
}
