-- Up Migration
-- The revision of the stored instrument definition (instruments.updated, docs/events.md): an
-- event applies only when its revision is newer. 0 = learned before revisions existed.
ALTER TABLE order_instruments ADD COLUMN revision bigint NOT NULL DEFAULT 0;

-- Down Migration
ALTER TABLE order_instruments DROP COLUMN revision;
