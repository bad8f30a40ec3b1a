-- Up Migration
-- The reporting service's tables (prefixed reporting_ because every service shares one database in
-- the embedded shape). A report is a stored definition owned by one user; every generation of it
-- is a new row in reporting_versions pointing at one object in object storage. A schedule owns one
-- report and regenerates it on its cron expression.

CREATE TABLE reporting_reports (
  id uuid PRIMARY KEY,
  owner_user_id uuid NOT NULL,
  account_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  definition jsonb NOT NULL,
  -- The creator could see every account (risk:read) when the report named another user's account.
  cross_account boolean NOT NULL DEFAULT false,
  latest_version integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reporting_reports_owner ON reporting_reports (owner_user_id, created_at);

CREATE TABLE reporting_versions (
  report_id uuid NOT NULL REFERENCES reporting_reports (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  object_key text NOT NULL,
  content_type text NOT NULL,
  size_bytes bigint NOT NULL,
  etag text NOT NULL,
  period_from timestamptz NOT NULL,
  period_to timestamptz NOT NULL,
  rows integer NOT NULL,
  trigger text NOT NULL CHECK (trigger IN ('request', 'schedule')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (report_id, version)
);
CREATE INDEX reporting_versions_expiry ON reporting_versions (expires_at);

CREATE TABLE reporting_schedules (
  id uuid PRIMARY KEY,
  owner_user_id uuid NOT NULL,
  report_id uuid NOT NULL REFERENCES reporting_reports (id) ON DELETE CASCADE,
  cron text NOT NULL,
  time_zone text NOT NULL,
  email_to text[] NOT NULL DEFAULT '{}',
  enabled boolean NOT NULL DEFAULT true,
  next_run_at timestamptz NOT NULL,
  last_run_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reporting_schedules_due ON reporting_schedules (next_run_at) WHERE enabled;
CREATE INDEX reporting_schedules_owner ON reporting_schedules (owner_user_id, created_at);

-- Down Migration
DROP TABLE reporting_schedules;
DROP TABLE reporting_versions;
DROP TABLE reporting_reports;
