-- Up Migration
-- The user service's tables: profile, preferences and named workspace layouts, keyed by the
-- user id the auth service issued (no foreign key across services: the user service may run
-- against its own database in the suite). Documents are `json`, not `jsonb`: they are opaque to
-- the server and `json` keeps any valid JSON, including "\u0000" escapes that jsonb refuses.
CREATE TABLE user_profiles (
  user_id uuid PRIMARY KEY,
  display_name text NOT NULL DEFAULT '',
  timezone text NOT NULL DEFAULT 'UTC',
  locale text NOT NULL DEFAULT 'en',
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_preferences (
  user_id uuid PRIMARY KEY,
  document json NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_workspaces (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  name text NOT NULL,
  layout json NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, name)
);

-- Down Migration
DROP TABLE user_workspaces;
DROP TABLE user_preferences;
DROP TABLE user_profiles;
