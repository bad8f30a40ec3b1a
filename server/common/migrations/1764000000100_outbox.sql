-- Up Migration
-- The transactional outbox and the consumers' de-duplication table (service "common", migrations
-- table kestrel_migrations_common). A state change inserts its events into `outbox` in the same
-- transaction; the relay publishes unpublished rows to the event bus in `seq` order and stamps
-- published_at. `processed_events` records (consumer group, event id) in the same transaction as a
-- consumer's effect, so a redelivered event has no second effect.

CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  topic text NOT NULL,
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  payload jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  enqueued_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text
);
-- The relay's scan: unpublished rows in order. Partial, so it stays small however large the table.
CREATE INDEX outbox_unpublished_seq ON outbox (seq) WHERE published_at IS NULL;
-- The per-key ordering check: is there an earlier unpublished row for this topic and key?
CREATE INDEX outbox_unpublished_key ON outbox (topic, key, seq) WHERE published_at IS NULL;
-- Purging published rows by age.
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;

CREATE TABLE processed_events (
  consumer_group text NOT NULL,
  event_id uuid NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
);
CREATE INDEX processed_events_processed_at ON processed_events (processed_at);

-- Down Migration
DROP TABLE processed_events;
DROP TABLE outbox;
