// The retention sweeper: deletes report versions whose retention ended (expires_at <= now), the
// object first and then its record, so a crash in between leaves a record whose object is gone
// (removed again on the next sweep, delete being idempotent) and never an unreachable object.
import type { ObjectStorage } from '@kestrel/server-common';
import type pg from 'pg';
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
