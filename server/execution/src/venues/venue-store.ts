// PostgreSQL access for external venues: the children sent to a venue (execution_venue_children)
// and the venue executions already booked (execution_venue_fills). See the migration
// 1764000000720_execution-venues.sql for why each table exists.
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

/** A child order sent (or about to be sent) to a venue. */
export interface VenueChild {
  ref: bigint;
  clientOrderId: string;
  venueId: number;
  shard: string;
  childId: bigint;
  parentOrderId: string;
  symbol: string;
  tickSize: string;
  state: 'open' | 'done';
}

interface ChildRow {
  id: string;
  venue_id: number;
  shard: string;
  child_id: string;
  parent_order_id: string;
  symbol: string;
  tick_size: string;
  state: 'open' | 'done';
}

const PREFIX = 'kestrel-';

function toChild(row: ChildRow): VenueChild {
  return {
    ref: BigInt(row.id),
    clientOrderId: `${PREFIX}${row.id}`,
    venueId: row.venue_id,
    shard: row.shard,
    childId: BigInt(row.child_id),
    parentOrderId: row.parent_order_id,
    symbol: row.symbol,
    tickSize: row.tick_size,
    state: row.state,
  };
}

/** Records a child about to be sent (idempotent per shard and child id) and returns it with its client order id. */
export async function recordChild(db: Queryable, child: Omit<VenueChild, 'ref' | 'clientOrderId' | 'state'>): Promise<VenueChild> {
  const { rows } = await db.query<ChildRow>(
    `INSERT INTO execution_venue_children (venue_id, shard, child_id, parent_order_id, symbol, tick_size) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (shard, child_id) DO UPDATE SET shard = EXCLUDED.shard RETURNING *`,
    [child.venueId, child.shard, child.childId.toString(), child.parentOrderId, child.symbol, child.tickSize],
  );
  return toChild(rows[0]!);
}

/** The child a venue report names, or null when the id is not one of ours. */
export async function findChild(db: Queryable, venueId: number, clientOrderId: string): Promise<VenueChild | null> {
  if (!clientOrderId.startsWith(PREFIX) || !/^[0-9]{1,18}$/.test(clientOrderId.slice(PREFIX.length))) return null;
  const { rows } = await db.query<ChildRow>('SELECT * FROM execution_venue_children WHERE id = $1 AND venue_id = $2', [clientOrderId.slice(PREFIX.length), venueId]);
  return rows[0] ? toChild(rows[0]) : null;
}

/** The child sent for (shard, engine child id), if any. */
export async function childOf(db: Queryable, shard: string, childId: bigint): Promise<VenueChild | null> {
  const { rows } = await db.query<ChildRow>('SELECT * FROM execution_venue_children WHERE shard = $1 AND child_id = $2', [shard, childId.toString()]);
  return rows[0] ? toChild(rows[0]) : null;
}

/** Children still open at `venueId` (what a restart reconciles). */
export async function openChildren(db: Queryable, venueId: number): Promise<VenueChild[]> {
  const { rows } = await db.query<ChildRow>("SELECT * FROM execution_venue_children WHERE venue_id = $1 AND state = 'open' ORDER BY id", [venueId]);
  return rows.map(toChild);
}

/** Marks a child ended at its venue. */
export async function markChildDone(client: pg.ClientBase, ref: bigint, reason: string): Promise<void> {
  await client.query("UPDATE execution_venue_children SET state = 'done', done_reason = $2 WHERE id = $1", [ref.toString(), reason.slice(0, 500)]);
}

/** True when this venue execution was booked before. */
export async function venueFillBooked(db: Queryable, venueId: number, venueExecutionId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM execution_venue_fills WHERE venue_id = $1 AND venue_execution_id = $2', [venueId, venueExecutionId]);
  return (rowCount ?? 0) > 0;
}

/** Records a booked venue execution (in the transaction that persists its fill). */
export async function recordVenueFill(client: pg.ClientBase, venueId: number, venueExecutionId: string, ref: bigint, journalSequence: bigint): Promise<void> {
  await client.query('INSERT INTO execution_venue_fills (venue_id, venue_execution_id, child_ref, journal_sequence) VALUES ($1, $2, $3, $4)', [venueId, venueExecutionId, ref.toString(), journalSequence.toString()]);
}
