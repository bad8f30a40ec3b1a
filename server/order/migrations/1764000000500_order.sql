-- Up Migration
-- The order service's tables (all prefixed order_). Quantities, prices and money are bigint;
-- Σ price × quantity of fills is numeric (it can pass 2^63). Times are timestamptz.

-- Idempotency of submission: one row per (account, clientOrderId), shared by orders and parent
-- orders, holding the fingerprint of the first request.
CREATE TABLE order_client_ids (
  account_id uuid NOT NULL,
  client_order_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('order', 'parent')),
  target_id uuid NOT NULL,
  fingerprint text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, client_order_id)
);

CREATE TABLE order_parents (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL,
  owner_user_id uuid NOT NULL,
  client_order_id text NOT NULL,
  type text NOT NULL CHECK (type IN ('bracket', 'oco', 'oto', 'trailing_stop', 'twap', 'vwap')),
  symbol text NOT NULL,
  strategy jsonb NOT NULL,
  state jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('working', 'completed', 'cancelled', 'rejected')),
  reason text,
  wake_at timestamptz,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (account_id, client_order_id)
);
CREATE INDEX order_parents_owner ON order_parents (owner_user_id, seq DESC);
CREATE INDEX order_parents_account ON order_parents (account_id, seq DESC);
CREATE INDEX order_parents_working ON order_parents (type, symbol) WHERE status = 'working';

CREATE TABLE order_orders (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL,
  owner_user_id uuid NOT NULL,
  client_order_id text NOT NULL,
  parent_order_id uuid REFERENCES order_parents (id),
  parent_role text,
  symbol text NOT NULL,
  side text NOT NULL CHECK (side IN ('buy', 'sell')),
  type text NOT NULL,
  time_in_force text NOT NULL,
  quantity_lots bigint NOT NULL CHECK (quantity_lots > 0),
  limit_price_ticks bigint,
  stop_price_ticks bigint,
  expire_at timestamptz,
  post_only boolean NOT NULL,
  display_quantity_lots bigint,
  lot_selection jsonb,
  status text NOT NULL CHECK (status IN ('new', 'accepted', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired')),
  reject_reason text,
  filled_quantity_lots bigint NOT NULL DEFAULT 0 CHECK (filled_quantity_lots >= 0 AND filled_quantity_lots <= quantity_lots),
  fill_notional numeric NOT NULL DEFAULT 0,
  routing text NOT NULL CHECK (routing IN ('checking', 'routed', 'local')),
  submit_command_id uuid,
  reservation_ids uuid[] NOT NULL DEFAULT '{}',
  release_pending boolean NOT NULL DEFAULT false,
  cancel_command_id uuid,
  cancel_requested_at timestamptz,
  pending_replace jsonb,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (account_id, client_order_id),
  UNIQUE (parent_order_id, parent_role)
);
CREATE INDEX order_orders_owner ON order_orders (owner_user_id, seq DESC);
CREATE INDEX order_orders_account ON order_orders (account_id, seq DESC);
CREATE INDEX order_orders_open ON order_orders (account_id, symbol) WHERE status IN ('new', 'accepted', 'partially_filled');
CREATE INDEX order_orders_parent ON order_orders (parent_order_id) WHERE parent_order_id IS NOT NULL;
CREATE INDEX order_orders_checking ON order_orders (updated_at) WHERE routing = 'checking';
CREATE INDEX order_orders_release ON order_orders (updated_at) WHERE release_pending;

-- Fills, as execution reported them; the id is the platform-wide execution id.
CREATE TABLE order_executions (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES order_orders (id),
  account_id uuid NOT NULL,
  owner_user_id uuid NOT NULL,
  execution jsonb NOT NULL,
  symbol text NOT NULL,
  side text NOT NULL,
  executed_at timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX order_executions_owner ON order_executions (owner_user_id, seq DESC);
CREATE INDEX order_executions_order ON order_executions (order_id, seq);

-- Reports that contradicted the order they name (kept for investigation, never applied).
CREATE TABLE order_report_anomalies (
  event_id uuid PRIMARY KEY,
  order_id uuid,
  report jsonb NOT NULL,
  note text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

-- Instrument definitions as market.data announced them.
CREATE TABLE order_instruments (
  symbol text PRIMARY KEY,
  definition jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Last trade price per symbol (reference price for market orders, trailing-stop start).
CREATE TABLE order_last_trades (
  symbol text PRIMARY KEY,
  price_ticks bigint NOT NULL,
  time_micros bigint NOT NULL
);

-- Volume profile for VWAP: finished 1-minute bars summed per UTC minute of day.
CREATE TABLE order_volume_profile (
  symbol text NOT NULL,
  minute_of_day integer NOT NULL CHECK (minute_of_day BETWEEN 0 AND 1439),
  volume_lots numeric NOT NULL,
  bars bigint NOT NULL,
  PRIMARY KEY (symbol, minute_of_day)
);

-- Requested risk configuration (what was last sent to execution) per target:
-- 'limits:default', 'limits:global', 'limits:account:<uuid>', 'kill:global', 'kill:account:<uuid>'.
CREATE TABLE order_risk_settings (
  target text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('limits', 'kill-switch')),
  scope text NOT NULL,
  account_id uuid,
  value jsonb,
  command_id uuid NOT NULL,
  updated_by uuid NOT NULL,
  updated_at timestamptz NOT NULL,
  applied boolean,
  applied_reason text,
  applied_at timestamptz
);

-- Every risk change: who, when, before and after.
CREATE TABLE order_risk_audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_user_id uuid NOT NULL,
  target text NOT NULL,
  action text NOT NULL,
  before jsonb,
  after jsonb,
  reason text,
  command_id uuid NOT NULL,
  request_id text
);

-- Down Migration
DROP TABLE order_risk_audit;
DROP TABLE order_risk_settings;
DROP TABLE order_volume_profile;
DROP TABLE order_last_trades;
DROP TABLE order_instruments;
DROP TABLE order_report_anomalies;
DROP TABLE order_executions;
DROP TABLE order_orders;
DROP TABLE order_parents;
DROP TABLE order_client_ids;
