-- Up Migration
-- The combined out-of-sample equity curve of a completed walk-forward job, one row per job, stored
-- as columns: little-endian float64 arrays (times in ms since the epoch, account values in integer
-- minor units — exact below 2^53 — and drawdown fractions) plus, per window, the index of its first
-- point and the times of its first and last point (pairs in window_times_ms). STORAGE EXTERNAL keeps the arrays uncompressed so a page is read with substring() from
-- only the TOAST chunks it spans, not the whole curve. Written in the same transaction as the
-- job's result, so a completed walk-forward always has its curve (jobs completed before this
-- table existed have none).
CREATE TABLE strategy_job_curves (
  job_id uuid PRIMARY KEY REFERENCES strategy_jobs (id) ON DELETE CASCADE,
  points integer NOT NULL CHECK (points >= 0),
  money_decimals smallint NOT NULL,
  initial_value_minor bigint NOT NULL,
  final_value_minor bigint NOT NULL,
  window_starts integer[] NOT NULL,
  window_times_ms bigint[] NOT NULL CHECK (cardinality(window_times_ms) = 2 * cardinality(window_starts)),
  times_ms bytea NOT NULL CHECK (length(times_ms) = 8 * points),
  values_minor bytea NOT NULL CHECK (length(values_minor) = 8 * points),
  drawdowns bytea NOT NULL CHECK (length(drawdowns) = 8 * points)
);
ALTER TABLE strategy_job_curves ALTER COLUMN times_ms SET STORAGE EXTERNAL;
ALTER TABLE strategy_job_curves ALTER COLUMN values_minor SET STORAGE EXTERNAL;
ALTER TABLE strategy_job_curves ALTER COLUMN drawdowns SET STORAGE EXTERNAL;

-- Down Migration
DROP TABLE strategy_job_curves;
