-- Up Migration
-- Every instrument change gets a revision from one sequence, announced on `instruments.updated`
-- (docs/events.md): consumers apply a definition only when its revision is newer than theirs, so a
-- redelivered or re-announced event never replaces a newer definition, and a symbol deleted and
-- created again still gets a higher revision than anything announced before.
CREATE SEQUENCE md_instrument_revisions AS bigint;
ALTER TABLE md_instruments ADD COLUMN revision bigint NOT NULL DEFAULT nextval('md_instrument_revisions');

-- Down Migration
ALTER TABLE md_instruments DROP COLUMN revision;
DROP SEQUENCE md_instrument_revisions;
