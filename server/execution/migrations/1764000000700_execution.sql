-- Up Migration
-- The execution service's tables (all prefixed execution_). Quantities and prices are bigint,
-- Σ price × quantity is numeric. The engine addresses symbols, accounts and orders by integers:
-- these tables hold the mapping, allocated here BEFORE a command reaches the engine, so that every
-- id the engine journals can be translated back after a restart.

CREATE TABLE execution_symbols (
  symbol text PRIMARY KEY,
  engine_symbol integer GENERATED ALWAYS AS IDENTITY UNIQUE
);

CREATE TABLE execution_accounts (
  account_id uuid PRIMARY KEY,
  -- User accounts start at 1,000,000; lower numbers belong to the simulation's agents.
  engine_account bigint GENERATED ALWAYS AS IDENTITY (START WITH 1000000) UNIQUE
);

-- Orders of the order service that reached execution; the fill totals are execution's own view.
CREATE TABLE execution_orders (
  order_id uuid PRIMARY KEY,
  engine_order_id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  shard text NOT NULL,
  account_id uuid NOT NULL,
  symbol text NOT NULL,
  order_json jsonb NOT NULL,
  instrument jsonb NOT NULL,
  quantity_lots bigint NOT NULL CHECK (quantity_lots > 0),
  filled_lots bigint NOT NULL DEFAULT 0 CHECK (filled_lots >= 0),
  filled_notional numeric NOT NULL DEFAULT 0,
  -- True once the engine's answer to the submit is persisted (a re-sent submit is then a no-op).
  submitted boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per shard: the last engine journal sequence whose events are persisted here.
CREATE TABLE execution_shards (
  shard text PRIMARY KEY,
  last_journal_sequence bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every request the engine journaled, in journal order: replaying these into an empty engine
-- rebuilds the state that PostgreSQL's events describe (used when the engine's journal is ahead
-- of the database after a crash between the journal append and the commit).
CREATE TABLE execution_engine_inputs (
  shard text NOT NULL,
  journal_sequence bigint NOT NULL,
  input jsonb NOT NULL,
  PRIMARY KEY (shard, journal_sequence)
);

-- Commands of the order service already handled (at-least-once delivery, re-sends after restarts).
CREATE TABLE execution_commands (
  command_id uuid PRIMARY KEY,
  kind text NOT NULL,
  handled_at timestamptz NOT NULL DEFAULT now()
);

-- Fills; the id is derived from (shard, journal sequence, event index, order) so a replay of the
-- same engine event can never create a second row.
CREATE TABLE execution_fills (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES execution_orders (order_id),
  account_id uuid NOT NULL,
  symbol text NOT NULL,
  shard text NOT NULL,
  journal_sequence bigint NOT NULL,
  engine_sequence bigint NOT NULL,
  execution jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX execution_fills_order ON execution_fills (order_id);
CREATE INDEX execution_fills_account ON execution_fills (account_id, recorded_at);

-- Down Migration
DROP TABLE execution_fills;
DROP TABLE execution_commands;
DROP TABLE execution_engine_inputs;
DROP TABLE execution_shards;
DROP TABLE execution_orders;
DROP TABLE execution_accounts;
DROP TABLE execution_symbols;
