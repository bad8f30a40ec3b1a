// Profiles, preferences and workspaces. Invariant: every query is scoped by user_id, so a
// workspace id of another user matches nothing (404, never 403: existence is not revealed).
import { randomUUID } from 'node:crypto';
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

/** A profile as returned to its owner. */
export interface Profile {
  userId: string;
  displayName: string;
  timezone: string;
  locale: string;
  updatedAt: string | null;
}

/** A saved workspace layout. */
export interface Workspace {
  id: string;
  name: string;
  layout: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** The caller's profile (defaults when never saved). */
export async function getProfile(db: Queryable, userId: string): Promise<Profile> {
  const { rows } = await db.query(`select display_name, timezone, locale, updated_at from user_profiles where user_id = $1`, [userId]);
  const row = rows[0];
  return row
    ? { userId, displayName: row.display_name, timezone: row.timezone, locale: row.locale, updatedAt: row.updated_at.toISOString() }
    : { userId, displayName: '', timezone: 'UTC', locale: 'en', updatedAt: null };
}

/** Updates the given profile fields. */
export async function updateProfile(db: Queryable, userId: string, change: { displayName?: string; timezone?: string; locale?: string }): Promise<Profile> {
  await db.query(
    `insert into user_profiles (user_id, display_name, timezone, locale) values ($1, coalesce($2, ''), coalesce($3, 'UTC'), coalesce($4, 'en'))
     on conflict (user_id) do update set display_name = coalesce($2, user_profiles.display_name), timezone = coalesce($3, user_profiles.timezone),
       locale = coalesce($4, user_profiles.locale), updated_at = now()`,
    [userId, change.displayName ?? null, change.timezone ?? null, change.locale ?? null],
  );
  return getProfile(db, userId);
}

/** The caller's preferences document. */
export async function getPreferences(db: Queryable, userId: string): Promise<Record<string, unknown>> {
  const { rows } = await db.query(`select document from user_preferences where user_id = $1`, [userId]);
  return rows[0]?.document ?? {};
}

/** Replaces the caller's preferences document. */
export async function putPreferences(db: Queryable, userId: string, document: Record<string, unknown>): Promise<void> {
  await db.query(
    `insert into user_preferences (user_id, document) values ($1, $2) on conflict (user_id) do update set document = $2, updated_at = now()`,
    [userId, JSON.stringify(document)],
  );
}

function toWorkspace(row: Record<string, unknown>): Workspace {
  return {
    id: row.id as string,
    name: row.name as string,
    layout: row.layout as Record<string, unknown>,
    createdAt: (row.created_at as Date).toISOString(),
    updatedAt: (row.updated_at as Date).toISOString(),
  };
}

/** The caller's workspaces by name. */
export async function listWorkspaces(db: Queryable, userId: string): Promise<Workspace[]> {
  const { rows } = await db.query(`select id, name, layout, created_at, updated_at from user_workspaces where user_id = $1 order by name`, [userId]);
  return rows.map(toWorkspace);
}

/** Number of workspaces the caller has. */
export async function countWorkspaces(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query(`select count(*)::int as n from user_workspaces where user_id = $1`, [userId]);
  return rows[0].n;
}

/** One workspace of the caller. */
export async function getWorkspace(db: Queryable, userId: string, id: string): Promise<Workspace | null> {
  const { rows } = await db.query(`select id, name, layout, created_at, updated_at from user_workspaces where user_id = $1 and id = $2`, [userId, id]);
  return rows[0] ? toWorkspace(rows[0]) : null;
}

/** Creates a workspace; null when the name is taken. */
export async function insertWorkspace(db: Queryable, userId: string, name: string, layout: Record<string, unknown>): Promise<Workspace | null> {
  const { rows } = await db.query(
    `insert into user_workspaces (id, user_id, name, layout) values ($1, $2, $3, $4) on conflict (user_id, name) do nothing
     returning id, name, layout, created_at, updated_at`,
    [randomUUID(), userId, name, JSON.stringify(layout)],
  );
  return rows[0] ? toWorkspace(rows[0]) : null;
}

/** Replaces a workspace's name and layout; 'missing' or 'name-taken' when it cannot. */
export async function replaceWorkspace(
  db: Queryable,
  userId: string,
  id: string,
  name: string,
  layout: Record<string, unknown>,
): Promise<Workspace | 'missing' | 'name-taken'> {
  try {
    const { rows } = await db.query(
      `update user_workspaces set name = $3, layout = $4, updated_at = now() where user_id = $1 and id = $2
       returning id, name, layout, created_at, updated_at`,
      [userId, id, name, JSON.stringify(layout)],
    );
    return rows[0] ? toWorkspace(rows[0]) : 'missing';
  } catch (error) {
    if ((error as { code?: string }).code === '23505') return 'name-taken';
    throw error;
  }
}

/** Deletes a workspace; false when the caller has none with this id. */
export async function deleteWorkspace(db: Queryable, userId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query(`delete from user_workspaces where user_id = $1 and id = $2`, [userId, id]);
  return rowCount === 1;
}
