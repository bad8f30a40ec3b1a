-- Up Migration
-- What a venue fill's record keeps beyond the execution (execution_fills.execution, the contract's
-- Execution): the local time the venue's report was received (the execution's executedAt is the
-- venue's own execution time, recorded_at when execution committed it) and the venue's commission
-- exactly as it reported it — decimal text and asset. A commission in the instrument's currency is
-- also the execution's feeMinor; one in another asset (e.g. BNB) is kept here only, not converted.
-- NULL for internal-book fills.
ALTER TABLE execution_fills
  ADD COLUMN received_at timestamptz,
  ADD COLUMN venue_commission text,
  ADD COLUMN venue_commission_asset text;

-- Down Migration
ALTER TABLE execution_fills
  DROP COLUMN venue_commission_asset,
  DROP COLUMN venue_commission,
  DROP COLUMN received_at;
