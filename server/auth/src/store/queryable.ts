// The slice of pg every store needs, satisfied by both the pool and a transaction's client, so a
// store call can join the caller's transaction.
import type pg from 'pg';

/** A pool or a checked-out client. */
export type Queryable = Pick<pg.Pool, 'query'>;
