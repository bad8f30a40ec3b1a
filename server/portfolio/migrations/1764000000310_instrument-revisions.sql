-- Up Migration
-- The revision of the instrument definition these economics came from (instruments.updated,
-- docs/events.md): an event applies only when its revision is newer. 0 = learned from an
-- execution or the internal route, which carry no revision.
ALTER TABLE portfolio_instruments ADD COLUMN revision bigint NOT NULL DEFAULT 0;

-- Down Migration
ALTER TABLE portfolio_instruments DROP COLUMN revision;
