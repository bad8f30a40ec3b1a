// Applying several execution reports in ONE transaction (group commit of the report consumer):
// the backlogs the bus hands over per partition, merged across the partitions delivered at the
// same time (report-consumer.ts), are applied together in three round trips whatever the batch:
// BEGIN with the statement that locks their orders, the one that records them as processed, then
// the changed orders written back, their events and COMMIT as one message (queryTogether) — plus
// one insert per fill — instead of seven statements per report. Only reports about top-level
// orders take this path; a report about a child (its parent must be locked first and may react), a
// risk-applied report, a malformed one or one about an unknown order is handed back to be applied
// one by one (applyReportEvent in report-consumer.ts, each in its own idempotent transaction) after
// the batch. Invariants: the same rules as one report at a time — the state machine (applyReport), a
// fill booked once per execution id (stageTransition), the event id recorded as processed in the
// transaction that has its effect; the reports of one order are applied in delivery order; the
// orders are locked in id order, like every multi-order lock of the service.
import { claimEvents, enqueueStatement, onTransactionConnection, queryTogether, type DeliveryContext, type Statement } from '@kestrel/server-common';
import { ExecutionReportPayloadSchema, tradingIssues, type EventEnvelope, type ExecutionReportPayload } from '@kestrel/shared';
import { applyReport } from '../domain/order-state.js';
import type { OrderRecord } from '../domain/order-record.js';
import { lockedTopLevelOrders, lockTopLevelOrdersStatement, updateOrdersStatement } from '../store/orders-store.js';
import type { OrderContext } from './context.js';
import type { Effects } from './effects.js';
import { stageTransition } from './order-writes.js';

type OrderReport = Exclude<ExecutionReportPayload, { kind: 'risk-applied' }>;

/** The order report in `event`, or null when it is not one this batch path applies. */
function orderReport(event: EventEnvelope): OrderReport | null {
  if (tradingIssues(ExecutionReportPayloadSchema, event.payload, 1).length > 0) return null;
  const report = event.payload as ExecutionReportPayload;
  return report.kind === 'risk-applied' ? null : report;
}

/** One delivered report. */
export interface DeliveredReport {
  event: EventEnvelope;
  delivery: DeliveryContext;
}

/**
 * Applies `deliveries` (in delivery order) for consumer group `groupId` into `effects` (the
 * post-commit work); returns the deliveries this path does not apply, to be applied one by one.
 */
export async function applyReportBatch(context: OrderContext, groupId: string, deliveries: readonly DeliveredReport[], effects: Effects): Promise<DeliveredReport[]> {
  const reports = deliveries.map(({ event, delivery }) => ({ event, delivery, report: orderReport(event) }));
  const ids = [...new Set(reports.flatMap(({ report }) => (report === null ? [] : [report.orderId])))];
  return onTransactionConnection(context.db, async (client) => {
    let orders = new Map<string, OrderRecord>();
    if (ids.length === 0) await client.query('BEGIN');
    else orders = lockedTopLevelOrders((await queryTogether(client, [{ text: 'BEGIN' }, lockTopLevelOrdersStatement(ids)]))[1]!);
    const batched = reports.filter(({ report }) => report !== null && orders.has(report.orderId));
    const fresh = batched.length === 0 ? new Set<string>() : await claimEvents(client, groupId, batched.map(({ event }) => event.id));
    const changed = new Map<string, OrderRecord>();
    const updates: EventEnvelope[] = [];
    const nowMs = context.time.now();
    for (const { event, report } of batched) {
      if (!fresh.has(event.id)) continue;
      const order = orders.get(report!.orderId)!;
      const transition = applyReport(order, report!, new Date(nowMs).toISOString());
      if (transition.kind === 'anomaly') context.logger.error({ eventId: event.id, orderId: order.id, kind: report!.kind, note: transition.note }, 'execution report does not fit the order');
      const staged = await stageTransition(client, transition, nowMs, effects, { eventId: event.id, report, orderId: order.id });
      if (!staged) continue;
      orders.set(order.id, staged.order);
      changed.set(order.id, staged.order);
      updates.push(staged.event);
    }
    const write: Statement[] = [];
    if (changed.size > 0) write.push(updateOrdersStatement([...changed.values()]));
    if (updates.length > 0) write.push(enqueueStatement(updates));
    await queryTogether(client, [...write, { text: 'COMMIT' }]);
    return reports.filter(({ report }) => report === null || !orders.has(report.orderId)).map(({ event, delivery }) => ({ event, delivery }));
  });
}
