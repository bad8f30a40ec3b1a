// The retention sweeper: deletes report versions whose retention ended (expires_at <= now), the
// object first and then its record, so a crash in between leaves a record whose object is gone
// (removed again on the next sweep, delete being idempotent) and never an unreachable object.
// It also removes orphans: objects under `reports/` that no version records, older than a grace
// period — what a crash between storing a version's object and recording it leaves behind (the
// grace keeps a generation in progress, whose record is not committed yet, safe).
import type { ObjectStorage } from '@kestrel/server-common';
import type pg from 'pg';
import { REPORTS_PREFIX } from '../services/generator.js';
import { deleteVersion, listExpiredVersions } from '../store/reports-store.js';

/** Versions removed per batch. */
const BATCH = 200;


/** Deletes every expired version; returns how many were deleted. */
export async function sweepExpiredVersions(db: pg.Pool, storage: ObjectStorage, now: Date): Promise<number> {
  let deleted = 0;
  for (;;) {
    const expired = await listExpiredVersions(db, now, BATCH);
    for (const version of expired) {
      await storage.delete(version.objectKey);
      await deleteVersion(db, version.reportId, version.version);
      deleted++;
    }
    if (expired.length < BATCH) return deleted;
  }
}

/** Deletes objects under REPORTS_PREFIX that no version records and that are older than `graceMs`; returns how many. */
export async function sweepOrphanObjects(db: pg.Pool, storage: ObjectStorage, now: Date, graceMs: number): Promise<number> {
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await storage.list(REPORTS_PREFIX, { limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
    cursor = page.cursor;
    const old = page.objects.filter((object) => object.lastModified.getTime() <= now.getTime() - graceMs);
    if (old.length === 0) continue;
    const { rows } = await db.query<{ object_key: string }>('SELECT object_key FROM reporting_versions WHERE object_key = ANY($1)', [old.map((object) => object.key)]);
    const recorded = new Set(rows.map((row) => row.object_key));
    for (const object of old) {
      if (recorded.has(object.key)) continue;
      await storage.delete(object.key);
      deleted++;
    }
  } while (cursor !== undefined);
  return deleted;
}
