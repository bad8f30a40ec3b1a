-- Up Migration
-- External venues. A routed child sent to a venue gets a row here BEFORE it is sent (its id is the
-- venue-side client order id `kestrel-<id>`), so every report a venue sends can be traced back to
-- its shard, engine child id and parent order, and a restart can list (and reconcile) what is still
-- open at a venue. Child ids start at 2^63, beyond bigint: numeric(20).
CREATE TABLE execution_venue_children (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  venue_id integer NOT NULL,
  shard text NOT NULL,
  child_id numeric(20) NOT NULL,
  parent_order_id uuid NOT NULL,
  symbol text NOT NULL,
  tick_size text NOT NULL,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
  done_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (shard, child_id)
);
CREATE INDEX execution_venue_children_open ON execution_venue_children (venue_id) WHERE state = 'open';

-- Venue executions already booked, keyed by the venue's own execution id: a replayed report (a
-- stream redelivery, a reconcile after restart) is never booked twice. Written in the same
-- transaction as the fill it booked.
CREATE TABLE execution_venue_fills (
  venue_id integer NOT NULL,
  venue_execution_id text NOT NULL,
  child_ref bigint NOT NULL REFERENCES execution_venue_children (id),
  journal_sequence bigint NOT NULL,
  PRIMARY KEY (venue_id, venue_execution_id)
);

-- Down Migration
DROP TABLE execution_venue_fills;
DROP TABLE execution_venue_children;
