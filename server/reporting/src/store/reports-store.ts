// Rows of reporting_reports, reporting_versions and reporting_schedules (migrations/). Versions are
// numbered per report from 1 without gaps; a new version is inserted in the same transaction that
// raises latest_version under a row lock, so two concurrent regenerations get distinct numbers.
import type pg from 'pg';
import type { ReportDefinition } from '../domain/definition.js';

/** Something that runs queries: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** A stored report definition. */
export interface ReportRecord {
  id: string;
  ownerUserId: string;
  accountId: string;
  name: string;
  definition: ReportDefinition;
  crossAccount: boolean;
  latestVersion: number;
  createdAt: Date;
}

/** One generated version. */
export interface VersionRecord {
  reportId: string;
  version: number;
  objectKey: string;
  contentType: string;
  sizeBytes: number;
  etag: string;
  periodFrom: Date;
  periodTo: Date;
  rows: number;
  trigger: 'request' | 'schedule';
  createdAt: Date;
  expiresAt: Date;
}

/** A schedule. */
export interface ScheduleRecord {
  id: string;
  ownerUserId: string;
  reportId: string;
  cron: string;
  timeZone: string;
  emailTo: string[];
  enabled: boolean;
  nextRunAt: Date;
  lastRunAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- rows are mapped field by field */
function report(row: any): ReportRecord {
  return {
    id: row.id,
    ownerUserId: row.owner_user_id,
    accountId: row.account_id,
    name: row.name,
    definition: row.definition,
    crossAccount: row.cross_account,
    latestVersion: row.latest_version,
    createdAt: row.created_at,
  };
}

function version(row: any): VersionRecord {
  return {
    reportId: row.report_id,
    version: row.version,
    objectKey: row.object_key,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    etag: row.etag,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    rows: row.rows,
    trigger: row.trigger,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

function schedule(row: any): ScheduleRecord {
  return {
    id: row.id,
    ownerUserId: row.owner_user_id,
    reportId: row.report_id,
    cron: row.cron,
    timeZone: row.time_zone,
    emailTo: row.email_to,
    enabled: row.enabled,
    nextRunAt: row.next_run_at,
    lastRunAt: row.last_run_at,
    lastError: row.last_error,
    createdAt: row.created_at,
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Stores a new report definition (no version yet). */
export async function insertReport(db: Queryable, record: Omit<ReportRecord, 'latestVersion' | 'createdAt'>): Promise<ReportRecord> {
  const { rows } = await db.query(
    `INSERT INTO reporting_reports (id, owner_user_id, account_id, name, definition, cross_account) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [record.id, record.ownerUserId, record.accountId, record.name, JSON.stringify(record.definition), record.crossAccount],
  );
  return report(rows[0]);
}

/** The report if `ownerUserId` owns it. */
export async function findOwnedReport(db: Queryable, id: string, ownerUserId: string): Promise<ReportRecord | null> {
  const { rows } = await db.query('SELECT * FROM reporting_reports WHERE id = $1 AND owner_user_id = $2', [id, ownerUserId]);
  return rows[0] ? report(rows[0]) : null;
}

/** The report, whoever owns it (background jobs). */
export async function findReport(db: Queryable, id: string): Promise<ReportRecord | null> {
  const { rows } = await db.query('SELECT * FROM reporting_reports WHERE id = $1', [id]);
  return rows[0] ? report(rows[0]) : null;
}

/** Locks the report row for a new version and returns it. */
export async function lockReport(db: Queryable, id: string): Promise<ReportRecord | null> {
  const { rows } = await db.query('SELECT * FROM reporting_reports WHERE id = $1 FOR UPDATE', [id]);
  return rows[0] ? report(rows[0]) : null;
}

/** The owner's reports, newest first. */
export async function listReports(db: Queryable, ownerUserId: string, limit: number, offset: number): Promise<ReportRecord[]> {
  const { rows } = await db.query('SELECT * FROM reporting_reports WHERE owner_user_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3', [
    ownerUserId,
    limit,
    offset,
  ]);
  return rows.map(report);
}

/** Deletes a report (versions and schedules cascade). */
export async function deleteReport(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM reporting_reports WHERE id = $1', [id]);
}

/** Records a version and makes it the report's latest. */
export async function insertVersion(db: Queryable, record: Omit<VersionRecord, 'createdAt'>): Promise<VersionRecord> {
  const { rows } = await db.query(
    `INSERT INTO reporting_versions (report_id, version, object_key, content_type, size_bytes, etag, period_from, period_to, rows, trigger, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
    [
      record.reportId,
      record.version,
      record.objectKey,
      record.contentType,
      record.sizeBytes,
      record.etag,
      record.periodFrom,
      record.periodTo,
      record.rows,
      record.trigger,
      record.expiresAt,
    ],
  );
  await db.query('UPDATE reporting_reports SET latest_version = $2, updated_at = now() WHERE id = $1', [record.reportId, record.version]);
  return version(rows[0]);
}

/** The versions of a report still kept, newest first. */
export async function listVersions(db: Queryable, reportId: string): Promise<VersionRecord[]> {
  const { rows } = await db.query('SELECT * FROM reporting_versions WHERE report_id = $1 ORDER BY version DESC', [reportId]);
  return rows.map(version);
}

/** One version, or the newest kept one when `number` is undefined. */
export async function findVersion(db: Queryable, reportId: string, number: number | undefined): Promise<VersionRecord | null> {
  const { rows } =
    number === undefined
      ? await db.query('SELECT * FROM reporting_versions WHERE report_id = $1 ORDER BY version DESC LIMIT 1', [reportId])
      : await db.query('SELECT * FROM reporting_versions WHERE report_id = $1 AND version = $2', [reportId, number]);
  return rows[0] ? version(rows[0]) : null;
}

/** Versions whose retention ended at `now`, oldest first. */
export async function listExpiredVersions(db: Queryable, now: Date, limit: number): Promise<VersionRecord[]> {
  const { rows } = await db.query('SELECT * FROM reporting_versions WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2', [now, limit]);
  return rows.map(version);
}

/** Forgets one version. */
export async function deleteVersion(db: Queryable, reportId: string, number: number): Promise<void> {
  await db.query('DELETE FROM reporting_versions WHERE report_id = $1 AND version = $2', [reportId, number]);
}

/** Stores a schedule. */
export async function insertSchedule(db: Queryable, record: Omit<ScheduleRecord, 'lastRunAt' | 'lastError' | 'createdAt' | 'enabled'>): Promise<ScheduleRecord> {
  const { rows } = await db.query(
    `INSERT INTO reporting_schedules (id, owner_user_id, report_id, cron, time_zone, email_to, next_run_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [record.id, record.ownerUserId, record.reportId, record.cron, record.timeZone, record.emailTo, record.nextRunAt],
  );
  return schedule(rows[0]);
}

/** The schedule if `ownerUserId` owns it. */
export async function findOwnedSchedule(db: Queryable, id: string, ownerUserId: string): Promise<ScheduleRecord | null> {
  const { rows } = await db.query('SELECT * FROM reporting_schedules WHERE id = $1 AND owner_user_id = $2', [id, ownerUserId]);
  return rows[0] ? schedule(rows[0]) : null;
}

/** The owner's schedules, newest first. */
export async function listSchedules(db: Queryable, ownerUserId: string, limit: number, offset: number): Promise<ScheduleRecord[]> {
  const { rows } = await db.query('SELECT * FROM reporting_schedules WHERE owner_user_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3', [
    ownerUserId,
    limit,
    offset,
  ]);
  return rows.map(schedule);
}

/** How many schedules the owner has. */
export async function countSchedules(db: Queryable, ownerUserId: string): Promise<number> {
  const { rows } = await db.query<{ count: string }>('SELECT count(*) FROM reporting_schedules WHERE owner_user_id = $1', [ownerUserId]);
  return Number(rows[0]!.count);
}

/**
 * Claims up to `limit` due schedules and moves each one's next run forward with `next`, in one
 * transaction with SKIP LOCKED, so several instances never run the same occurrence twice.
 */
export async function claimDueSchedules(pool: pg.Pool, now: Date, limit: number, next: (record: ScheduleRecord) => Date | null): Promise<ScheduleRecord[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      'SELECT * FROM reporting_schedules WHERE enabled AND next_run_at <= $1 ORDER BY next_run_at LIMIT $2 FOR UPDATE SKIP LOCKED',
      [now, limit],
    );
    const claimed = rows.map(schedule);
    for (const record of claimed) {
      const following = next(record);
      await client.query('UPDATE reporting_schedules SET next_run_at = COALESCE($2, next_run_at), enabled = $3, last_run_at = $4 WHERE id = $1', [
        record.id,
        following,
        following !== null,
        now,
      ]);
    }
    await client.query('COMMIT');
    return claimed;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Records the outcome of a run (null = success). */
export async function recordRunOutcome(db: Queryable, id: string, error: string | null): Promise<void> {
  await db.query('UPDATE reporting_schedules SET last_error = $2 WHERE id = $1', [id, error]);
}

/** Deletes a schedule. */
export async function deleteSchedule(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM reporting_schedules WHERE id = $1', [id]);
}
