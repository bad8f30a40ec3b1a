-- Up Migration
-- The simulation service's tables (prefixed simulation_: every service shares one database in the
-- embedded shape). A paper account is a registry entry over portfolio accounts: `account_id` is the
-- portfolio account it trades through now; a reset archives that account (closed in the portfolio,
-- history kept) and opens a new generation. Money is bigint minor units.

CREATE TABLE simulation_paper_accounts (
  id uuid PRIMARY KEY,
  owner_user_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  currency char(3) NOT NULL,
  initial_cash_minor bigint NOT NULL CHECK (initial_cash_minor > 0),
  account_id uuid NOT NULL UNIQUE,
  generation integer NOT NULL DEFAULT 1 CHECK (generation >= 1),
  -- opening: the portfolio account exists but funding has not been confirmed (a reset completes it).
  state text NOT NULL DEFAULT 'opening' CHECK (state IN ('opening', 'active')),
  created_at timestamptz NOT NULL DEFAULT now(),
  reset_at timestamptz
);
CREATE INDEX simulation_paper_accounts_owner ON simulation_paper_accounts (owner_user_id, created_at);

-- Every portfolio account a paper account has traded through, the current one included.
CREATE TABLE simulation_paper_generations (
  paper_account_id uuid NOT NULL REFERENCES simulation_paper_accounts (id),
  generation integer NOT NULL,
  account_id uuid NOT NULL UNIQUE,
  opened_at timestamptz NOT NULL DEFAULT now(),
  archived_at timestamptz,
  PRIMARY KEY (paper_account_id, generation)
);

-- Replay-session orders that hold a buying-power reservation at the portfolio. Sessions live in
-- memory; this ledger lets a restarted process release what a lost session still held.
CREATE TABLE simulation_replay_orders (
  order_id uuid PRIMARY KEY,
  session_id uuid NOT NULL,
  account_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz
);
CREATE INDEX simulation_replay_orders_live ON simulation_replay_orders (created_at) WHERE ended_at IS NULL;

-- Down Migration
DROP TABLE simulation_replay_orders;
DROP TABLE simulation_paper_generations;
DROP TABLE simulation_paper_accounts;
