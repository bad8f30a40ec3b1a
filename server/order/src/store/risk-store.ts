// SQL of order_risk_settings (the risk configuration last requested per target) and
// order_risk_audit (every change: who, when, before and after).
import type { Queryable } from './queryable.js';
import { toIso, toIsoOrNull } from './queryable.js';

/** One stored setting. */
export interface RiskSetting {
  target: string;
  kind: 'limits' | 'kill-switch';
  scope: string;
  accountId: string | null;
  value: unknown;
  commandId: string;
  updatedBy: string;
  updatedAt: string;
  /** What execution answered: null while waiting. */
  applied: boolean | null;
  appliedReason: string | null;
  appliedAt: string | null;
}

interface SettingRow {
  target: string;
  kind: 'limits' | 'kill-switch';
  scope: string;
  account_id: string | null;
  value: unknown;
  command_id: string;
  updated_by: string;
  updated_at: Date;
  applied: boolean | null;
  applied_reason: string | null;
  applied_at: Date | null;
}

function fromRow(row: SettingRow): RiskSetting {
  return {
    target: row.target,
    kind: row.kind,
    scope: row.scope,
    accountId: row.account_id,
    value: row.value,
    commandId: row.command_id,
    updatedBy: row.updated_by,
    updatedAt: toIso(row.updated_at),
    applied: row.applied,
    appliedReason: row.applied_reason,
    appliedAt: toIsoOrNull(row.applied_at),
  };
}

/** The setting of a target, locked, or null. */
export async function lockRiskSetting(db: Queryable, target: string): Promise<RiskSetting | null> {
  const result = await db.query<SettingRow>('SELECT * FROM order_risk_settings WHERE target = $1 FOR UPDATE', [target]);
  return result.rows[0] ? fromRow(result.rows[0]) : null;
}

/** The settings stored under `targets` (absent targets are not in the answer). */
export async function findRiskSettings(db: Queryable, targets: readonly string[]): Promise<RiskSetting[]> {
  const result = await db.query<SettingRow>('SELECT * FROM order_risk_settings WHERE target = ANY($1::text[])', [targets]);
  return result.rows.map(fromRow);
}

/** Stores a setting (waiting for execution's answer). */
export async function saveRiskSetting(db: Queryable, setting: Omit<RiskSetting, 'applied' | 'appliedReason' | 'appliedAt'>): Promise<void> {
  await db.query(
    `INSERT INTO order_risk_settings (target, kind, scope, account_id, value, command_id, updated_by, updated_at, applied, applied_reason, applied_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL, NULL)
     ON CONFLICT (target) DO UPDATE SET value = EXCLUDED.value, command_id = EXCLUDED.command_id, updated_by = EXCLUDED.updated_by,
       updated_at = EXCLUDED.updated_at, applied = NULL, applied_reason = NULL, applied_at = NULL`,
    [setting.target, setting.kind, setting.scope, setting.accountId, JSON.stringify(setting.value), setting.commandId, setting.updatedBy, setting.updatedAt],
  );
}

/** Every stored setting of one kind, by target. */
export async function listRiskSettings(db: Queryable, kind: 'limits' | 'kill-switch'): Promise<RiskSetting[]> {
  const result = await db.query<SettingRow>('SELECT * FROM order_risk_settings WHERE kind = $1 ORDER BY target', [kind]);
  return result.rows.map(fromRow);
}

/** Records execution's answer to a risk command (ignored when the setting has been changed since). */
export async function recordRiskApplied(db: Queryable, commandId: string, applied: boolean, reason: string | null, at: string): Promise<void> {
  await db.query('UPDATE order_risk_settings SET applied = $2, applied_reason = $3, applied_at = $4 WHERE command_id = $1', [commandId, applied, reason, at]);
}

/** One audit entry. */
export interface RiskAuditEntry {
  id: number;
  at: string;
  actorUserId: string;
  target: string;
  action: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  commandId: string;
  requestId: string | null;
}

/** Appends an audit entry. */
export async function appendRiskAudit(db: Queryable, entry: Omit<RiskAuditEntry, 'id'>): Promise<void> {
  await db.query(
    `INSERT INTO order_risk_audit (at, actor_user_id, target, action, before, after, reason, command_id, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [entry.at, entry.actorUserId, entry.target, entry.action, JSON.stringify(entry.before), JSON.stringify(entry.after), entry.reason, entry.commandId, entry.requestId],
  );
}

/** Newest first, before id `beforeId`, at most `limit`. */
export async function listRiskAudit(db: Queryable, beforeId: number | undefined, limit: number): Promise<RiskAuditEntry[]> {
  const result = await db.query<{
    id: string;
    at: Date;
    actor_user_id: string;
    target: string;
    action: string;
    before: unknown;
    after: unknown;
    reason: string | null;
    command_id: string;
    request_id: string | null;
  }>('SELECT * FROM order_risk_audit WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2', [beforeId ?? null, limit]);
  return result.rows.map((row) => ({
    id: Number(row.id),
    at: toIso(row.at),
    actorUserId: row.actor_user_id,
    target: row.target,
    action: row.action,
    before: row.before,
    after: row.after,
    reason: row.reason,
    commandId: row.command_id,
    requestId: row.request_id,
  }));
}
