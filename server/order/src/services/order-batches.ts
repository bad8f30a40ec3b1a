// Group commit of the order-entry path (store/order-batches-store.ts): new orders and routed
// orders placed at about the same time are written together, one statement per batch, instead of
// one transaction of five statements per order. The batchers follow GroupBatcher's rule: an idle
// service writes each order at once; a busy one writes what arrived while the previous batch was
// committing. A batch that fails on its data (a constraint, a bad value: SQLSTATE classes 22 and
// 23) is retried order by order, so one bad order cannot fail the others.
import { GroupBatcher, isDataError } from '@kestrel/server-common';
import type pg from 'pg';
import { insertNewOrders, markOrdersRouted, type NewOrderWrite, type RoutedOrderWrite } from '../store/order-batches-store.js';

/** Most orders in one statement. */
const MAX_BATCH = 256;
/** Batches committing at once per kind. */
const MAX_IN_FLIGHT = 2;

/** The group-committed writes of order entry. */
export class OrderBatches {
  readonly #entries: GroupBatcher<NewOrderWrite, boolean>;
  readonly #routes: GroupBatcher<RoutedOrderWrite, boolean>;

  constructor(db: pg.Pool) {
    const options = { maxBatch: MAX_BATCH, maxInFlight: MAX_IN_FLIGHT, retryAlone: isDataError };
    this.#entries = new GroupBatcher(async (writes) => {
      const written = await insertNewOrders(db, writes);
      return writes.map((write) => written.has(write.order.id));
    }, options);
    this.#routes = new GroupBatcher(async (writes) => {
      const written = await markOrdersRouted(db, writes);
      return writes.map((write) => written.has(write.order.id));
    }, options);
  }

  /** Records a new order with its claim and events; false when its (account, clientOrderId) was already claimed (nothing written). */
  recordNew(write: NewOrderWrite): Promise<boolean> {
    return this.#entries.submit(write);
  }

  /** Stores an order as routed with its events; false when it was no longer as read (nothing written). */
  recordRouted(write: RoutedOrderWrite): Promise<boolean> {
    return this.#routes.submit(write);
  }
}
