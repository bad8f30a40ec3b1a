-- Up Migration
-- The market-data service's layout-independent tables. The time-series tables (trades, quotes,
-- book snapshots/deltas, bars per interval) are created by the service at start, as native range
-- partitions or TimescaleDB hypertables depending on the storage layout (src/store/storage-manager.ts),
-- because which one applies depends on the server's extensions and the service configuration.

CREATE TABLE md_instruments (
  symbol text PRIMARY KEY,
  name text NOT NULL,
  asset_class text NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'halted', 'delisted')),
  currency text NOT NULL,
  tick_size text NOT NULL,
  lot_size bigint NOT NULL CHECK (lot_size > 0),
  contract_multiplier bigint NOT NULL CHECK (contract_multiplier > 0),
  min_quantity_lots bigint NOT NULL,
  max_quantity_lots bigint NOT NULL,
  min_price_ticks bigint NOT NULL,
  max_price_ticks bigint NOT NULL,
  trading_hours jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Row order of every tick table: (ts, seq) pages are stable even when times tie.
CREATE SEQUENCE md_event_seq AS bigint;

-- Latest feed state per symbol and source (live, stale, resyncing, disconnected, halted).
CREATE TABLE md_feed_status (
  symbol text NOT NULL,
  source text NOT NULL,
  state text NOT NULL,
  reason text,
  changed_at timestamptz NOT NULL,
  PRIMARY KEY (symbol, source)
);

-- Work queue of the bar materialiser: time ranges whose trades changed since bars were rolled up.
-- Rows are appended by the ingest sink in the transaction that stores the trades and claimed with
-- FOR UPDATE SKIP LOCKED, so several service instances share the work and none is lost on a crash.
CREATE TABLE md_bar_dirty (
  id bigserial PRIMARY KEY,
  symbol text NOT NULL,
  from_ts timestamptz NOT NULL,
  to_ts timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Small facts the service keeps about itself (the chosen storage layout, one-time seeding).
CREATE TABLE md_service_state (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE IF EXISTS md_service_state;
DROP TABLE IF EXISTS md_bar_dirty;
DROP TABLE IF EXISTS md_feed_status;
DROP SEQUENCE IF EXISTS md_event_seq;
DROP TABLE IF EXISTS md_instruments;
