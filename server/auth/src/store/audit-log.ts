// The append-only audit log: who did what, when, from where, with which outcome.
// Invariants: rows are only ever inserted (a trigger refuses UPDATE/DELETE/TRUNCATE); a security
// action and its audit row are written in the same transaction where the action changes state;
// queries page by id keyset (ids grow with insertion), newest first, so pages are stable while rows arrive.
import type { Queryable } from './queryable.js';

/** Where a request came from. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** Who acted. */
export interface Actor {
  id: string | null;
  type: 'user' | 'api-key' | 'client' | 'system' | 'anonymous';
}

/** One audit entry to record. */
export interface AuditEntry {
  actor: Actor;
  action: string;
  outcome: 'success' | 'failure';
  target?: { type: string; id: string };
  origin: RequestOrigin;
  details?: Record<string, unknown>;
}

/** A stored audit row as the API returns it. */
export interface AuditRecord {
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorType: string;
  action: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

/** Filters of an audit query; `before` is the cursor of the previous page. */
export interface AuditQuery {
  actorId?: string;
  action?: string;
  outcome?: 'success' | 'failure';
  targetId?: string;
  from?: string;
  to?: string;
  limit: number;
  /** Return only entries with a smaller id (the last id of the previous page). */
  beforeId?: string;
}

/** Appends one entry. */
export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    `insert into auth_audit_log (actor_id, actor_type, action, outcome, target_type, target_id, ip, user_agent, request_id, details)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      entry.actor.id,
      entry.actor.type,
      entry.action,
      entry.outcome,
      entry.target?.type ?? null,
      entry.target?.id ?? null,
      entry.origin.ip,
      entry.origin.userAgent?.slice(0, 512) ?? null,
      entry.origin.requestId,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}

/** One page of entries matching the filters, newest first. */
export async function queryAudit(db: Queryable, query: AuditQuery): Promise<AuditRecord[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (query.actorId !== undefined) add('actor_id = ?', query.actorId);
  if (query.action !== undefined) add('action = ?', query.action);
  if (query.outcome !== undefined) add('outcome = ?', query.outcome);
  if (query.targetId !== undefined) add('target_id = ?', query.targetId);
  if (query.from !== undefined) add('occurred_at >= ?', query.from);
  if (query.to !== undefined) add('occurred_at < ?', query.to);
  if (query.beforeId !== undefined) add('id < ?::bigint', query.beforeId);
  params.push(query.limit);
  const { rows } = await db.query(
    `select id::text, occurred_at, actor_id, actor_type, action, outcome, target_type, target_id, ip, user_agent, request_id, details
       from auth_audit_log ${where.length > 0 ? 'where ' + where.join(' and ') : ''}
      order by id desc limit $${params.length}`,
    params,
  );
  return rows.map((row) => ({
    id: row.id,
    occurredAt: (row.occurred_at as Date).toISOString(),
    actorId: row.actor_id,
    actorType: row.actor_type,
    action: row.action,
    outcome: row.outcome,
    targetType: row.target_type,
    targetId: row.target_id,
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
    details: row.details,
  }));
}
