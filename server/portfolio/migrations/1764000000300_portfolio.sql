-- Up Migration
-- The portfolio service's tables (prefixed portfolio_ because every service shares one database in
-- the embedded shape). Money is bigint minor units, prices bigint ticks, quantities bigint lots;
-- the service checks that every value it reads back fits a JS safe integer.

CREATE TABLE portfolio_accounts (
  id uuid PRIMARY KEY,
  owner_user_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  currency char(3) NOT NULL,
  type text NOT NULL CHECK (type IN ('cash', 'margin')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'restricted', 'closed')),
  lot_method text NOT NULL DEFAULT 'fifo' CHECK (lot_method IN ('fifo', 'lifo', 'hifo', 'specific')),
  long_margin_bps integer NOT NULL CHECK (long_margin_bps >= 0),
  short_margin_bps integer NOT NULL CHECK (short_margin_bps >= 0),
  allow_short_selling boolean NOT NULL,
  cash_minor bigint NOT NULL DEFAULT 0,
  net_deposits_minor bigint NOT NULL DEFAULT 0,
  realised_pnl_minor bigint NOT NULL DEFAULT 0,
  fees_minor bigint NOT NULL DEFAULT 0,
  version bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX portfolio_accounts_owner ON portfolio_accounts (owner_user_id);

-- Instrument economics as last reported by orders.executed or the internal instruments route.
CREATE TABLE portfolio_instruments (
  symbol text PRIMARY KEY,
  currency char(3) NOT NULL,
  tick_size text NOT NULL,
  lot_size bigint NOT NULL CHECK (lot_size > 0),
  contract_multiplier bigint NOT NULL CHECK (contract_multiplier > 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE portfolio_positions (
  account_id uuid NOT NULL REFERENCES portfolio_accounts (id),
  symbol text NOT NULL,
  quantity_lots bigint NOT NULL,
  cost_basis_minor bigint NOT NULL,
  realised_pnl_minor bigint NOT NULL DEFAULT 0,
  fees_minor bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, symbol)
);

CREATE TABLE portfolio_tax_lots (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES portfolio_accounts (id),
  symbol text NOT NULL,
  side text NOT NULL CHECK (side IN ('long', 'short')),
  open_execution_id uuid NOT NULL,
  open_price_ticks bigint NOT NULL,
  opened_at timestamptz NOT NULL,
  open_sequence bigint GENERATED ALWAYS AS IDENTITY,
  original_quantity_lots bigint NOT NULL CHECK (original_quantity_lots > 0),
  quantity_lots bigint NOT NULL CHECK (quantity_lots >= 0 AND quantity_lots <= original_quantity_lots),
  cost_minor bigint NOT NULL,
  closed_at timestamptz,
  CHECK ((quantity_lots = 0) = (closed_at IS NOT NULL))
);
CREATE INDEX portfolio_tax_lots_open ON portfolio_tax_lots (account_id, symbol) WHERE quantity_lots > 0;

-- Idempotency of fill booking: one row per execution id, written in the booking transaction.
CREATE TABLE portfolio_fills_applied (
  execution_id uuid PRIMARY KEY,
  event_id uuid NOT NULL,
  account_id uuid NOT NULL REFERENCES portfolio_accounts (id),
  order_id uuid NOT NULL,
  symbol text NOT NULL,
  side text NOT NULL CHECK (side IN ('buy', 'sell')),
  price_ticks bigint NOT NULL,
  quantity_lots bigint NOT NULL CHECK (quantity_lots > 0),
  fee_minor bigint NOT NULL,
  notional_minor bigint NOT NULL,
  cash_delta_minor bigint NOT NULL,
  realised_pnl_minor bigint NOT NULL,
  lot_selection_fallback boolean NOT NULL,
  executed_at timestamptz NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX portfolio_fills_applied_account ON portfolio_fills_applied (account_id, executed_at);

-- What each fill relieved from each lot (the tax-lot audit trail).
CREATE TABLE portfolio_lot_disposals (
  execution_id uuid NOT NULL REFERENCES portfolio_fills_applied (execution_id),
  lot_id uuid NOT NULL REFERENCES portfolio_tax_lots (id),
  quantity_lots bigint NOT NULL CHECK (quantity_lots > 0),
  open_amount_minor bigint NOT NULL,
  close_amount_minor bigint NOT NULL,
  realised_pnl_minor bigint NOT NULL,
  PRIMARY KEY (execution_id, lot_id)
);

CREATE TABLE portfolio_deposits (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES portfolio_accounts (id),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 128),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, reference)
);

-- Buying-power reservations of open orders, keyed by order id.
CREATE TABLE portfolio_reservations (
  order_id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES portfolio_accounts (id),
  symbol text NOT NULL,
  side text NOT NULL CHECK (side IN ('buy', 'sell')),
  quantity_lots bigint NOT NULL CHECK (quantity_lots > 0),
  price_ticks bigint NOT NULL,
  fee_estimate_minor bigint NOT NULL,
  remaining_quantity_lots bigint NOT NULL CHECK (remaining_quantity_lots >= 0),
  reserved_minor bigint NOT NULL CHECK (reserved_minor >= 0),
  required_minor bigint NOT NULL,
  buying_power_minor bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX portfolio_reservations_account ON portfolio_reservations (account_id, symbol);

-- Last trade price per symbol (from fills and the internal marks route); newer as_of wins.
CREATE TABLE portfolio_marks (
  symbol text PRIMARY KEY,
  price_ticks bigint NOT NULL,
  as_of timestamptz NOT NULL,
  source text NOT NULL CHECK (source IN ('fill', 'market'))
);

-- Daily closes for historical-simulation VaR.
CREATE TABLE portfolio_daily_closes (
  symbol text NOT NULL,
  day date NOT NULL,
  close_ticks bigint NOT NULL,
  PRIMARY KEY (symbol, day)
);

-- The P&L time series: one row per valuation of an account (after fills, deposits, mark updates).
CREATE TABLE portfolio_pnl_snapshots (
  account_id uuid NOT NULL REFERENCES portfolio_accounts (id),
  seq bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL,
  cash_minor bigint NOT NULL,
  market_value_minor bigint NOT NULL,
  net_deposits_minor bigint NOT NULL,
  realised_pnl_minor bigint NOT NULL,
  unrealised_pnl_minor bigint NOT NULL,
  fees_minor bigint NOT NULL,
  cause text NOT NULL CHECK (cause IN ('fill', 'deposit', 'mark')),
  PRIMARY KEY (account_id, seq)
);
CREATE INDEX portfolio_pnl_snapshots_time ON portfolio_pnl_snapshots (account_id, at);

-- orders.executed events that could not be booked (invalid payload, unknown account, currency
-- mismatch), kept for an operator instead of blocking the partition forever.
CREATE TABLE portfolio_dead_letters (
  event_id uuid PRIMARY KEY,
  topic text NOT NULL,
  reason_code text NOT NULL,
  message text NOT NULL,
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE portfolio_dead_letters;
DROP TABLE portfolio_pnl_snapshots;
DROP TABLE portfolio_daily_closes;
DROP TABLE portfolio_marks;
DROP TABLE portfolio_reservations;
DROP TABLE portfolio_deposits;
DROP TABLE portfolio_lot_disposals;
DROP TABLE portfolio_fills_applied;
DROP TABLE portfolio_tax_lots;
DROP TABLE portfolio_positions;
DROP TABLE portfolio_instruments;
DROP TABLE portfolio_accounts;
