// PostgreSQL access for backup, restore and upgrade, in two shapes behind one interface:
//  - DirectDatabase: a connection URL, the pg_dump/pg_restore binaries on this machine and the `pg`
//    client (an external database, a Helm release through `kubectl port-forward`, the tests);
//  - ComposeDatabase: the same programs run inside the stack's postgres container through
//    `docker compose exec` (no published port; the dump tools always match the server version).
// Invariants: dumps are pg_dump custom format (-Fc); restores use --clean --if-exists --no-owner
// in a single transaction, so a failed restore changes nothing; table statistics (rows and an MD5
// over every row's text, per table) are computed by one SQL statement, identical in both shapes,
// so a backup's manifest and a restored database compare exactly.
// Known limit: the per-table checksum reads every row (fine for Kestrel's system of record; very
// large market-history tables make it slow — statistics can be skipped with `checksums: false`).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Compose } from './compose.js';
import { AdminError } from './errors.js';
import { runChecked, type CommandRunner } from './runner.js';

/** Rows and content checksum of one table. */
export interface TableStats {
  rows: number;
  checksum: string;
}

/** What backup, restore and upgrade need from the database. */
export interface DatabaseTools {
  /** The database the stack uses. */
  readonly database: string;
  dump(file: string): Promise<void>;
  restore(file: string, database?: string): Promise<void>;
  tableStats(database?: string, options?: { checksums?: boolean }): Promise<Record<string, TableStats>>;
  createDatabase(name: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
}

/** One statement returning `{ "<schema>.<table>": { rows, checksum } }` as JSON text. */
export function tableStatsSql(checksums: boolean): string {
  const hash = checksums ? "coalesce(md5(string_agg(t::text, chr(10) order by t::text)), md5(''''))" : "''''";
  return `select coalesce(json_object_agg(name, json_build_object('rows', rows, 'checksum', checksum) order by name), '{}')::text from (
  select format('%I.%I', n.nspname, c.relname) as name,
         (xpath('/row/r/text()', x))[1]::text::bigint as rows,
         coalesce((xpath('/row/h/text()', x))[1]::text, '') as checksum
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace,
  lateral query_to_xml(format('select count(*) as r, ${hash} as h from %I.%I t', n.nspname, c.relname), false, true, '') x
  where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema', 'timescaledb_information', 'timescaledb_experimental')
    and n.nspname not like 'pg\\_%' and n.nspname not like '\\_timescaledb%'
) s`;
}

/** Names a scratch database (restore --verify, upgrade rehearsal). */
export function scratchDatabaseName(label: string): string {
  return `kestrel_${label}_${randomBytes(5).toString('hex')}`;
}

function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new AdminError('ADMIN_CONFIG', `"${name}" is not a plain database name`);
  return `"${name}"`;
}

// TimescaleDB needs its restore mode around pg_restore; plain PostgreSQL has no such functions.
const PRE_RESTORE = `do $$ begin if exists (select 1 from pg_extension where extname = 'timescaledb') then perform timescaledb_pre_restore(); end if; end $$`;
const POST_RESTORE = `do $$ begin if exists (select 1 from pg_extension where extname = 'timescaledb') then perform timescaledb_post_restore(); end if; end $$`;

/** A database reached by URL, with this machine's pg_dump/pg_restore. */
export class DirectDatabase implements DatabaseTools {
  readonly database: string;

  constructor(
    readonly url: string,
    readonly runner: CommandRunner,
    readonly binDir?: string,
  ) {
    this.database = decodeURIComponent(new URL(url).pathname.slice(1));
  }

  #urlFor(database?: string): string {
    const url = new URL(this.url);
    if (database) url.pathname = `/${database}`;
    return url.toString();
  }

  #bin(name: string): string {
    return this.binDir ? `${this.binDir}/${name}` : name;
  }

  async #query<T>(sql: string, database?: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.#urlFor(database) });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async dump(file: string): Promise<void> {
    await runChecked(this.runner, this.#bin('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${this.url}`]);
  }

  async restore(file: string, database?: string): Promise<void> {
    await this.#query(PRE_RESTORE, database);
    await runChecked(this.runner, this.#bin('pg_restore'), ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${this.#urlFor(database)}`, file]);
    await this.#query(POST_RESTORE, database);
  }

  async tableStats(database?: string, options: { checksums?: boolean } = {}): Promise<Record<string, TableStats>> {
    const [row] = await this.#query<{ stats: string }>(`select (${tableStatsSql(options.checksums !== false)}) as stats`, database);
    return JSON.parse(row?.stats ?? '{}') as Record<string, TableStats>;
  }

  async createDatabase(name: string): Promise<void> {
    await this.#query(`create database ${identifier(name)}`);
  }

  async dropDatabase(name: string): Promise<void> {
    await this.#query(`drop database if exists ${identifier(name)} with (force)`);
  }
}

/** The stack's postgres container, through `docker compose exec`. */
export class ComposeDatabase implements DatabaseTools {
  constructor(
    readonly compose: Compose,
    readonly database = 'kestrel',
    readonly user = 'kestrel',
    readonly service = 'postgres',
  ) {}

  #exec(args: readonly string[]) {
    return ['exec', '-T', this.service, ...args];
  }

  #psql(sql: string, database?: string) {
    return this.compose.run(this.#exec(['psql', '-U', this.user, '-d', database ?? this.database, '-v', 'ON_ERROR_STOP=1', '-Atc', sql]));
  }

  async dump(file: string): Promise<void> {
    await this.compose.run(this.#exec(['pg_dump', '-U', this.user, '--format=custom', '--no-owner', '--no-privileges', this.database]), { stdoutFile: file });
  }

  async restore(file: string, database?: string): Promise<void> {
    await this.#psql(PRE_RESTORE, database);
    await this.compose.run(
      this.#exec(['pg_restore', '-U', this.user, '--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', '-d', database ?? this.database]),
      { input: { file } },
    );
    await this.#psql(POST_RESTORE, database);
  }

  async tableStats(database?: string, options: { checksums?: boolean } = {}): Promise<Record<string, TableStats>> {
    const { stdout } = await this.#psql(tableStatsSql(options.checksums !== false), database);
    return JSON.parse(stdout.trim() || '{}') as Record<string, TableStats>;
  }

  async createDatabase(name: string): Promise<void> {
    await this.#psql(`create database ${identifier(name)}`, 'postgres');
  }

  async dropDatabase(name: string): Promise<void> {
    await this.#psql(`drop database if exists ${identifier(name)} with (force)`, 'postgres');
  }
}
