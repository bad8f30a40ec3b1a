// Strategy definitions and their versions. A version is immutable: a built-in id or a user source
// (TypeScript/JavaScript, compiled and loaded in a sandbox worker at creation so a broken source is
// refused then, with the compiler's messages), the name/description/parameter declarations the
// strategy reported, and default parameters checked against them. Deleting a strategy hides it
// (its versions stay for the deployments and jobs that name them) and needs no live deployment.
import { randomUUID } from 'node:crypto';
import { parseParams, StrategyError, type ParamSpecs } from '@kestrel/shared';
import type pg from 'pg';
import { mayView, type Caller } from '../access.js';
import { BUILTIN_STRATEGIES } from '../domain/strategies/registry.js';
import { strategyError } from '../errors.js';
import { compileStrategy, type SourceLanguage } from '../sandbox/compile.js';
import type { StrategyDescription, WorkerStrategy } from '../sandbox/protocol.js';
import { describeStrategy } from '../sandbox/strategy-sandbox.js';
import type { ServiceContext } from './context.js';

/** What a new version is made of. */
export interface VersionInput {
  builtin?: string;
  source?: string;
  language?: SourceLanguage;
  params?: Record<string, unknown>;
  note?: string;
}

/** A stored version. */
export interface StrategyVersion {
  strategyId: string;
  version: number;
  kind: 'builtin' | 'source';
  builtin: string | null;
  language: SourceLanguage | null;
  source: string | null;
  strategyName: string;
  paramSpecs: ParamSpecs;
  params: Record<string, unknown>;
  note: string;
  createdAt: string;
}

/** A stored strategy. */
export interface StrategyRecord {
  id: string;
  ownerUserId: string;
  name: string;
  description: string;
  latestVersion: number;
  createdAt: string;
  updatedAt: string;
}

interface DefinitionRow {
  id: string;
  owner_user_id: string;
  name: string;
  description: string;
  latest_version: number;
  created_at: Date;
  updated_at: Date;
}

interface VersionRow {
  strategy_id: string;
  version: number;
  kind: 'builtin' | 'source';
  builtin: string | null;
  language: SourceLanguage | null;
  source: string | null;
  strategy_name: string;
  param_specs: ParamSpecs;
  params: Record<string, unknown>;
  note: string;
  created_at: Date;
}

const strategyOf = (row: DefinitionRow): StrategyRecord => ({
  id: row.id,
  ownerUserId: row.owner_user_id,
  name: row.name,
  description: row.description,
  latestVersion: row.latest_version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const versionOf = (row: VersionRow): StrategyVersion => ({
  strategyId: row.strategy_id,
  version: row.version,
  kind: row.kind,
  builtin: row.builtin,
  language: row.language,
  source: row.source,
  strategyName: row.strategy_name,
  paramSpecs: row.param_specs,
  params: row.params,
  note: row.note,
  createdAt: row.created_at.toISOString(),
});

/** Checks `params` against the declarations; STRATEGY_PARAMS_INVALID with the strategy API's code. */
export function checkParams(specs: ParamSpecs, params: Record<string, unknown>): void {
  try {
    parseParams(specs, params);
  } catch (error) {
    if (error instanceof StrategyError) throw strategyError('STRATEGY_PARAMS_INVALID', error.message, { code: error.code });
    throw error;
  }
}

/** At most this many strategy sources load at once (each load is a worker with its own heap). */
const CONCURRENT_LOADS = 2;
let loading = 0;
const waiting: (() => void)[] = [];

/** Runs `work` when a load slot is free. */
async function withLoadSlot<T>(work: () => Promise<T>): Promise<T> {
  // A finishing load hands its slot straight to the next waiter, so the count never overshoots.
  if (loading >= CONCURRENT_LOADS) await new Promise<void>((resolve) => waiting.push(resolve));
  else loading++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else loading--;
  }
}

/** Compiles and loads a version's strategy in a sandbox; returns what it declares and how to run it. */
async function prepare(context: ServiceContext, input: VersionInput): Promise<{ description: StrategyDescription; worker: WorkerStrategy }> {
  if ((input.builtin === undefined) === (input.source === undefined)) {
    throw strategyError('STRATEGY_SOURCE_INVALID', 'give exactly one of `builtin` (a built-in strategy id) and `source`');
  }
  if (input.builtin !== undefined) {
    const definition = BUILTIN_STRATEGIES.get(input.builtin);
    if (definition === undefined) throw strategyError('STRATEGY_BUILTIN_UNKNOWN', `unknown built-in strategy "${input.builtin}"`, { builtin: [...BUILTIN_STRATEGIES.keys()] });
    return { description: { name: definition.name, description: definition.description, params: definition.params }, worker: { builtin: input.builtin } };
  }
  const source = input.source!;
  if (Buffer.byteLength(source) > context.config.maxSourceBytes) throw strategyError('STRATEGY_SOURCE_INVALID', `the source is larger than ${context.config.maxSourceBytes} bytes`);
  const code = await compileStrategy(source, input.language ?? 'typescript');
  try {
    const description = await withLoadSlot(() => describeStrategy({ code }, { memoryMb: context.config.workerMemoryMb, hookTimeoutMs: context.config.hookTimeoutMs }));
    return { description, worker: { code } };
  } catch (error) {
    const failure = error as { code?: string; message?: string };
    throw strategyError('STRATEGY_SOURCE_INVALID', `the strategy could not be loaded: ${failure.message ?? String(error)}`, { code: failure.code ?? null });
  }
}

/** How a stored version runs in a worker (sources are compiled again: the bundle is not stored). */
export async function workerStrategyOf(version: StrategyVersion): Promise<WorkerStrategy> {
  if (version.kind === 'builtin') return { builtin: version.builtin! };
  return { code: await compileStrategy(version.source!, version.language ?? 'typescript') };
}

async function insertVersion(client: pg.ClientBase, strategyId: string, version: number, input: VersionInput, description: StrategyDescription, params: Record<string, unknown>): Promise<VersionRow> {
  const { rows } = await client.query<VersionRow>(
    `INSERT INTO strategy_versions (strategy_id, version, kind, builtin, language, source, strategy_name, param_specs, params, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
    [
      strategyId,
      version,
      input.builtin !== undefined ? 'builtin' : 'source',
      input.builtin ?? null,
      input.source !== undefined ? (input.language ?? 'typescript') : null,
      input.source ?? null,
      description.name,
      JSON.stringify(description.params),
      JSON.stringify(params),
      input.note ?? '',
    ],
  );
  return rows[0]!;
}

/** Creates a strategy with its first version. */
export async function createStrategy(context: ServiceContext, caller: Caller, input: VersionInput & { name: string; description?: string }): Promise<{ strategy: StrategyRecord; version: StrategyVersion }> {
  const { description } = await prepare(context, input);
  const params = input.params ?? {};
  checkParams(description.params, params);
  const client = await context.db.connect();
  try {
    await client.query('BEGIN');
    const id = randomUUID();
    const inserted = await client.query<DefinitionRow>(
      `INSERT INTO strategy_definitions (id, owner_user_id, name, description, latest_version) VALUES ($1, $2, $3, $4, 1)
       ON CONFLICT (owner_user_id, name) WHERE deleted_at IS NULL DO NOTHING RETURNING *`,
      [id, caller.userId, input.name, input.description ?? description.description],
    );
    if (inserted.rowCount === 0) throw strategyError('STRATEGY_NAME_TAKEN', `you already have a strategy named "${input.name}"`);
    const version = await insertVersion(client, id, 1, input, description, params);
    await client.query('COMMIT');
    return { strategy: strategyOf(inserted.rows[0]!), version: versionOf(version) };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** Adds a version; the strategy must be the caller's. */
export async function addVersion(context: ServiceContext, caller: Caller, strategyId: string, input: VersionInput): Promise<StrategyVersion> {
  const { description } = await prepare(context, input);
  const params = input.params ?? {};
  checkParams(description.params, params);
  const client = await context.db.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<DefinitionRow>('SELECT * FROM strategy_definitions WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [strategyId]);
    const row = rows[0];
    if (row === undefined || row.owner_user_id !== caller.userId) throw strategyError('STRATEGY_NOT_FOUND', 'no such strategy');
    const next = row.latest_version + 1;
    const version = await insertVersion(client, strategyId, next, input, description, params);
    await client.query('UPDATE strategy_definitions SET latest_version = $2, updated_at = now() WHERE id = $1', [strategyId, next]);
    await client.query('COMMIT');
    return versionOf(version);
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** The strategy if the caller may see it. */
export async function visibleStrategy(context: ServiceContext, caller: Caller, strategyId: string): Promise<StrategyRecord> {
  const { rows } = await context.db.query<DefinitionRow>('SELECT * FROM strategy_definitions WHERE id = $1 AND deleted_at IS NULL', [strategyId]);
  const row = rows[0];
  if (row === undefined || !mayView(caller, row.owner_user_id)) throw strategyError('STRATEGY_NOT_FOUND', 'no such strategy');
  return strategyOf(row);
}

/** The caller's strategies (everyone's for risk:read holders when `all`), newest first. */
export async function listStrategies(context: ServiceContext, caller: Caller, limit: number): Promise<StrategyRecord[]> {
  const all = caller.permissions.has('risk:read');
  const { rows } = await context.db.query<DefinitionRow>(
    `SELECT * FROM strategy_definitions WHERE deleted_at IS NULL AND ($1 OR owner_user_id = $2) ORDER BY created_at DESC, id LIMIT $3`,
    [all, caller.userId, limit],
  );
  return rows.map(strategyOf);
}

/** Every version of a visible strategy, or one. */
export async function strategyVersions(context: ServiceContext, strategyId: string, version?: number): Promise<StrategyVersion[]> {
  const { rows } = await context.db.query<VersionRow>(
    'SELECT * FROM strategy_versions WHERE strategy_id = $1 AND ($2::int IS NULL OR version = $2) ORDER BY version',
    [strategyId, version ?? null],
  );
  if (version !== undefined && rows.length === 0) throw strategyError('STRATEGY_VERSION_NOT_FOUND', `the strategy has no version ${version}`);
  return rows.map(versionOf);
}

/** Hides the strategy; refused while deployments of it run or are paused. */
export async function deleteStrategy(context: ServiceContext, caller: Caller, strategyId: string): Promise<void> {
  const client = await context.db.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<DefinitionRow>('SELECT * FROM strategy_definitions WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [strategyId]);
    const row = rows[0];
    if (row === undefined || row.owner_user_id !== caller.userId) throw strategyError('STRATEGY_NOT_FOUND', 'no such strategy');
    const live = await client.query("SELECT 1 FROM strategy_deployments WHERE strategy_id = $1 AND status IN ('running', 'paused') LIMIT 1", [strategyId]);
    if (live.rowCount !== 0) throw strategyError('STRATEGY_IN_USE', 'the strategy has running or paused deployments; stop them first');
    await client.query('UPDATE strategy_definitions SET deleted_at = now(), updated_at = now() WHERE id = $1', [strategyId]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
