-- Up Migration
-- The strategy service's tables (all prefixed strategy_). Money and quantities are bigint; prices
-- are integer ticks. Source text is kept verbatim; a version row is immutable once written.

CREATE TABLE strategy_definitions (
  id uuid PRIMARY KEY,
  owner_user_id uuid NOT NULL,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  latest_version integer NOT NULL,
  deleted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX strategy_definitions_owner_name ON strategy_definitions (owner_user_id, name) WHERE deleted_at IS NULL;

CREATE TABLE strategy_versions (
  strategy_id uuid NOT NULL REFERENCES strategy_definitions (id),
  version integer NOT NULL CHECK (version >= 1),
  kind text NOT NULL CHECK (kind IN ('builtin', 'source')),
  builtin text,
  language text CHECK (language IN ('typescript', 'javascript')),
  source text,
  strategy_name text NOT NULL,
  param_specs jsonb NOT NULL,
  params jsonb NOT NULL,
  note text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (strategy_id, version),
  CHECK ((kind = 'builtin' AND builtin IS NOT NULL AND source IS NULL) OR (kind = 'source' AND source IS NOT NULL AND builtin IS NULL))
);

CREATE TABLE strategy_deployments (
  id uuid PRIMARY KEY,
  owner_user_id uuid NOT NULL,
  strategy_id uuid NOT NULL REFERENCES strategy_definitions (id),
  version integer NOT NULL,
  account_id uuid NOT NULL,
  mode text NOT NULL CHECK (mode IN ('paper', 'live')),
  symbols text[] NOT NULL,
  bar_interval text NOT NULL,
  params jsonb NOT NULL,
  -- The order credential (an API key of the owner), AES-256-GCM sealed with strategy.credentialKey.
  credential bytea NOT NULL,
  credential_key_id text,
  status text NOT NULL CHECK (status IN ('running', 'paused', 'stopped', 'failed')),
  error_code text,
  error_message text,
  order_seq integer NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  stopped_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (strategy_id, version) REFERENCES strategy_versions (strategy_id, version)
);
CREATE INDEX strategy_deployments_owner ON strategy_deployments (owner_user_id, started_at DESC);
CREATE INDEX strategy_deployments_running ON strategy_deployments (status) WHERE status IN ('running', 'paused');

-- Orders a deployment placed, by the client order id the runtime gave them.
CREATE TABLE strategy_deployment_orders (
  deployment_id uuid NOT NULL REFERENCES strategy_deployments (id),
  client_order_id text NOT NULL,
  order_id uuid,
  symbol text NOT NULL,
  side text NOT NULL,
  type text NOT NULL,
  quantity_lots bigint NOT NULL,
  status text NOT NULL,
  reject_reason text,
  filled_lots bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (deployment_id, client_order_id)
);
CREATE UNIQUE INDEX strategy_deployment_orders_order ON strategy_deployment_orders (order_id) WHERE order_id IS NOT NULL;

-- Fills of those orders (from orders.executed), once each.
CREATE TABLE strategy_deployment_fills (
  execution_id uuid PRIMARY KEY,
  deployment_id uuid NOT NULL REFERENCES strategy_deployments (id),
  symbol text NOT NULL,
  side text NOT NULL,
  quantity_lots bigint NOT NULL,
  price_ticks bigint NOT NULL,
  -- The instrument economics the fill carried (turn ticks x lots into minor units).
  economics jsonb NOT NULL,
  fee_minor bigint NOT NULL,
  executed_at timestamptz NOT NULL
);
CREATE INDEX strategy_deployment_fills_deployment ON strategy_deployment_fills (deployment_id, executed_at);

-- Errors and warnings a deployment reported (strategy exceptions, refused orders, limits hit).
CREATE TABLE strategy_deployment_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  deployment_id uuid NOT NULL REFERENCES strategy_deployments (id),
  level text NOT NULL CHECK (level IN ('info', 'warn', 'error')),
  code text,
  message text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX strategy_deployment_events_deployment ON strategy_deployment_events (deployment_id, id);

-- Equity samples (realised + unrealised P&L at the latest mark), for the drawdown.
CREATE TABLE strategy_deployment_equity (
  deployment_id uuid NOT NULL REFERENCES strategy_deployments (id),
  at timestamptz NOT NULL,
  pnl_minor bigint NOT NULL,
  PRIMARY KEY (deployment_id, at)
);

-- Backtest, optimisation and walk-forward jobs with their progress and stored result.
CREATE TABLE strategy_jobs (
  id uuid PRIMARY KEY,
  owner_user_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('backtest', 'optimisation', 'walk-forward')),
  request jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
  completed integer NOT NULL DEFAULT 0,
  total integer NOT NULL DEFAULT 0,
  result jsonb,
  error_code text,
  error_message text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX strategy_jobs_owner ON strategy_jobs (owner_user_id, created_at DESC);

-- Down Migration
DROP TABLE strategy_jobs;
DROP TABLE strategy_deployment_equity;
DROP TABLE strategy_deployment_events;
DROP TABLE strategy_deployment_fills;
DROP TABLE strategy_deployment_orders;
DROP TABLE strategy_deployments;
DROP TABLE strategy_versions;
DROP TABLE strategy_definitions;
