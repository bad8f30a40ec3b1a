// Applying execution's reports (`orders.reports`) to orders: one consumer group, idempotent by
// event id (processed_events, server/common's idempotentHandler) and by execution id (a fill
// recorded once). In ONE transaction per report: lock the order (parent first), run the state
// machine, record the fill, write `orders.updated`, and let the parent react; after the commit,
// release reservations of ended orders, route children the parent placed, publish
// `orders.status`. A report that does not fit its order (unknown order, over-fill, fill of an
// ended order, malformed payload) is kept in order_report_anomalies and acknowledged, so it never
// blocks its partition; infrastructure errors throw and the bus retries. Reports about top-level
// orders delivered together are applied in one transaction (report-batch.ts).
import { GroupBatcher, idempotentHandler, isDataError, type EventBus, type Subscription } from '@kestrel/server-common';
import { ExecutionReportPayloadSchema, tradingIssues, type EventEnvelope, type ExecutionReportPayload } from '@kestrel/shared';
import type pg from 'pg';
import { applyReport } from '../domain/order-state.js';
import { recordAnomaly } from '../store/anomalies-store.js';
import { recordRiskApplied } from '../store/risk-store.js';
import type { OrderContext } from './context.js';
import { Effects } from './effects.js';
import { evaluateParent } from './parent-engine.js';
import { lockOrderWithParent, persistTransition } from './order-writes.js';
import { applyReportBatch, type DeliveredReport } from './report-batch.js';
import { runEffects } from './routing.js';

/** Applies one report event inside `client`'s transaction. */
export async function applyReportEvent(context: OrderContext, client: pg.ClientBase, event: EventEnvelope, effects: Effects): Promise<void> {
  const issues = tradingIssues(ExecutionReportPayloadSchema, event.payload, 5);
  if (issues.length > 0) {
    await recordAnomaly(client, event.id, null, event.payload, `invalid report: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`);
    context.logger.error({ eventId: event.id, issues }, 'orders.reports event does not match its schema');
    return;
  }
  const report = event.payload as ExecutionReportPayload;
  const nowMs = context.time.now();
  if (report.kind === 'risk-applied') {
    await recordRiskApplied(client, report.commandId, report.applied, report.reason, report.at);
    return;
  }
  const locked = await lockOrderWithParent(client, report.orderId);
  if (!locked) {
    await recordAnomaly(client, event.id, report.orderId, report, 'report for an unknown order');
    context.logger.error({ eventId: event.id, orderId: report.orderId, kind: report.kind }, 'execution report for an unknown order');
    return;
  }
  const transition = applyReport(locked.order, report, new Date(nowMs).toISOString());
  if (transition.kind === 'anomaly') context.logger.error({ eventId: event.id, orderId: report.orderId, kind: report.kind, note: transition.note }, 'execution report does not fit the order');
  const stored = await persistTransition(client, transition, nowMs, effects, { eventId: event.id, report, orderId: report.orderId });
  if (stored && locked.parent) await evaluateParent(client, context.venue, nowMs, locked.parent.id, { kind: 'children' }, effects);
}

/** Most reports of one partition handed over at once. */
const MAX_BATCH = 256;
/** Most partition batches applied in one transaction. */
const MAX_PARTITION_BATCHES = 16;

/**
 * Subscribes the report handler to `orders.reports`. The bus hands over each partition's backlog
 * at once, and the backlogs of partitions delivered at the same time are merged: they are applied
 * together (report-batch.ts), and each partition's batch is acknowledged only once that commit and
 * its post-commit work are done. A batch failing on its data is retried partition batch by partition batch; any other
 * failure fails them all for the bus to retry.
 */
export async function subscribeReports(context: OrderContext, bus: EventBus, groupId: string): Promise<Subscription> {
  const batches = new GroupBatcher<DeliveredReport[], void>(
    async (parts) => {
      const effects = new Effects();
      const alone = await applyReportBatch(context, groupId, parts.flat(), effects);
      const applyAlone = idempotentHandler(context.db, groupId, (delivered, client) => applyReportEvent(context, client, delivered, effects));
      for (const { event, delivery } of alone) await applyAlone(event, delivery);
      await runEffects(context, effects);
      return parts.map(() => undefined);
    },
    { maxBatch: MAX_PARTITION_BATCHES, maxInFlight: 2, retryAlone: isDataError },
  );
  return bus.subscribeBatch('orders.reports', groupId, (events, delivery) => batches.submit(events.map((event) => ({ event, delivery }))), MAX_BATCH);
}
