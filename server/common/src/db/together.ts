// Several statements in one round trip. node-postgres sends each parameterised statement on its
// own (parse, bind, execute, sync, then wait for the answer), and on this kind of host a round trip
// costs more than a small statement does: five named statements of a short transaction cost
// ~210 µs of node CPU and ~160 µs of PostgreSQL CPU, the same five sent as one simple-protocol
// message ~60 µs and ~100 µs. queryTogether sends the statements as one message, their parameters
// inlined as literals: each value is converted exactly as node-postgres converts a parameter
// (prepareValue: arrays to array literals, objects to JSON, dates to timestamps) and then quoted
// (escapeLiteral), so `$1::uuid[]` and a quoted literal cast the same way. Each statement of the
// message still runs with its own snapshot (READ COMMITTED), in order, and the first that fails
// ends the message: the statements after it do not run.
// Invariants: statement texts are this code's own constants — a `$n` is replaced wherever it
// appears, so a text must not hold `$` followed by digits inside a string literal of its own;
// values must not be Buffers (bytea is not inlined).
import { createRequire } from 'node:module';
import pg from 'pg';
import { onTransactionConnection } from './transaction.js';

/** A statement and its parameters ($1 … $n). */
export interface Statement {
  text: string;
  values?: readonly unknown[];
}

// pg's own conversion of a parameter (pg exports lib/*; @types/pg does not describe it).
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (value: unknown) => unknown };

/** The literal that stands for `value` where the statement had a parameter. */
export function sqlLiteral(value: unknown): string {
  const prepared = prepareValue(value);
  if (prepared === null) return 'NULL';
  if (typeof prepared !== 'string') throw new TypeError('queryTogether inlines text values only (no Buffers)');
  return pg.escapeLiteral(prepared);
}

/** `statement` with its parameters inlined. */
export function inlineStatement(statement: Statement): string {
  const values = statement.values ?? [];
  return statement.text.replace(/\$(\d+)/g, (_, digits: string) => {
    const index = Number(digits) - 1;
    if (index < 0 || index >= values.length) throw new RangeError(`statement has $${digits} but ${values.length} values`);
    return sqlLiteral(values[index]);
  });
}

/** What runs a message: a client, or a pool (which runs it on one of its clients). */
export interface TextQueryable {
  query(text: string): Promise<unknown>;
}

/** Runs `statements` as one message (one round trip); returns one result per statement. */
export async function queryTogether(client: TextQueryable, statements: readonly Statement[]): Promise<pg.QueryResult[]> {
  if (statements.length === 0) return [];
  const text = statements.map((statement) => inlineStatement(statement).replace(/;\s*$/, '')).join(';\n');
  const result = (await client.query(text)) as pg.QueryResult | pg.QueryResult[];
  const results = Array.isArray(result) ? result : [result];
  if (results.length !== statements.length) throw new Error(`queryTogether sent ${statements.length} statements and got ${results.length} results`);
  return results;
}

/**
 * A read-decide-write transaction in two round trips: BEGIN with `read`, then `decide` (in
 * memory) on their results, then its `write` statements with COMMIT. Rolls back and rethrows when
 * a statement or `decide` fails; a connection whose rollback failed is destroyed.
 */
export async function transactionTogether<T>(
  pool: pg.Pool,
  read: readonly Statement[],
  decide: (results: pg.QueryResult[]) => { write: readonly Statement[]; result: T },
): Promise<T> {
  return onTransactionConnection(pool, async (client) => {
    const [, ...results] = await queryTogether(client, [{ text: 'BEGIN' }, ...read]);
    const { write, result } = decide(results);
    await queryTogether(client, [...write, { text: 'COMMIT' }]);
    return result;
  });
}
