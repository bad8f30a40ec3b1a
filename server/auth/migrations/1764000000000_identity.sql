-- Up Migration
-- The auth service's tables: accounts, 2FA, sessions (refresh-token families), signing keys,
-- API keys, OAuth clients and codes, role policies, and the append-only audit log.
-- Secrets (refresh tokens, codes, API keys, recovery codes, client secrets) are stored only as
-- SHA-256 digests; passwords only as argon2id PHC strings.

CREATE TABLE auth_users (
  id uuid PRIMARY KEY,
  email text NOT NULL,
  password_hash text,
  role text NOT NULL CHECK (role IN ('admin', 'risk', 'trader', 'viewer')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  must_change_password boolean NOT NULL DEFAULT false,
  totp_secret text,
  totp_enabled boolean NOT NULL DEFAULT false,
  totp_last_step bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX auth_users_email_key ON auth_users (lower(email));

CREATE TABLE auth_recovery_codes (
  user_id uuid NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
  code_digest text NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_digest)
);

CREATE TABLE auth_role_policies (
  role text PRIMARY KEY CHECK (role IN ('admin', 'risk', 'trader', 'viewer')),
  require_2fa boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO auth_role_policies (role) VALUES ('admin'), ('risk'), ('trader'), ('viewer');

-- A session is one refresh-token family: every rotation adds a token to the same session, and
-- reuse of any spent token revokes the session (and so every token in it).
CREATE TABLE auth_sessions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
  client_id text,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text,
  revoked_at timestamptz,
  revoked_reason text
);
CREATE INDEX auth_sessions_user_idx ON auth_sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE auth_refresh_tokens (
  token_digest text PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES auth_sessions (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz
);
CREATE INDEX auth_refresh_tokens_session_idx ON auth_refresh_tokens (session_id);

CREATE TABLE auth_signing_keys (
  kid text PRIMARY KEY,
  alg text NOT NULL,
  public_jwk jsonb NOT NULL,
  private_jwk text NOT NULL,
  encrypted boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);

CREATE TABLE auth_api_keys (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
  name text NOT NULL,
  secret_digest text NOT NULL,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX auth_api_keys_user_idx ON auth_api_keys (user_id);

CREATE TABLE auth_oauth_clients (
  id text PRIMARY KEY,
  name text NOT NULL,
  -- Confidential clients (client credentials) act as their owner; public clients (PKCE) have none.
  owner_user_id uuid REFERENCES auth_users (id) ON DELETE CASCADE,
  secret_digest text,
  redirect_uris text[] NOT NULL DEFAULT '{}',
  grant_types text[] NOT NULL,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- The desktop workstation: a public client (no secret) using authorization code + PKCE with a
-- loopback redirect (RFC 8252: any port on the loopback address is accepted for these URIs).
INSERT INTO auth_oauth_clients (id, name, redirect_uris, grant_types, scopes)
VALUES ('kestrel-desktop', 'Kestrel desktop', '{http://127.0.0.1/callback,http://[::1]/callback}',
        '{authorization_code,refresh_token}', '{read,trade,admin}');

CREATE TABLE auth_oauth_codes (
  code_digest text PRIMARY KEY,
  client_id text NOT NULL REFERENCES auth_oauth_clients (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
  redirect_uri text NOT NULL,
  code_challenge text NOT NULL,
  scopes text[] NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE auth_audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_id uuid,
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'api-key', 'client', 'system', 'anonymous')),
  action text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure')),
  target_type text,
  target_id text,
  ip text,
  user_agent text,
  request_id text,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX auth_audit_log_time_idx ON auth_audit_log (occurred_at DESC, id DESC);
CREATE INDEX auth_audit_log_actor_idx ON auth_audit_log (actor_id, occurred_at DESC);
CREATE INDEX auth_audit_log_action_idx ON auth_audit_log (action, occurred_at DESC);

-- Append-only: the database itself refuses to change or remove audit rows (TRUNCATE included),
-- so neither a bug nor a compromised service account can rewrite history through SQL.
CREATE FUNCTION auth_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'auth_audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER auth_audit_log_no_update_delete BEFORE UPDATE OR DELETE ON auth_audit_log
  FOR EACH ROW EXECUTE FUNCTION auth_audit_log_append_only();
CREATE TRIGGER auth_audit_log_no_truncate BEFORE TRUNCATE ON auth_audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION auth_audit_log_append_only();

-- Down Migration
DROP TABLE auth_audit_log;
DROP FUNCTION auth_audit_log_append_only();
DROP TABLE auth_oauth_codes;
DROP TABLE auth_oauth_clients;
DROP TABLE auth_api_keys;
DROP TABLE auth_signing_keys;
DROP TABLE auth_refresh_tokens;
DROP TABLE auth_sessions;
DROP TABLE auth_role_policies;
DROP TABLE auth_recovery_codes;
DROP TABLE auth_users;
