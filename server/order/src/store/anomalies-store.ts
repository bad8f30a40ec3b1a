// SQL of order_report_anomalies: execution reports that contradicted their order.
import type { Queryable } from './queryable.js';

/** Keeps a report that could not be applied (once per event id). */
export async function recordAnomaly(db: Queryable, eventId: string, orderId: string | null, report: unknown, note: string): Promise<void> {
  await db.query(
    'INSERT INTO order_report_anomalies (event_id, order_id, report, note) VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING',
    [eventId, orderId, JSON.stringify(report), note],
  );
}
