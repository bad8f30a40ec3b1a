// The wire shape of GET /v1/optimisations/{id}/curve: a range of a walk-forward's combined
// out-of-sample curve as parallel arrays (one entry per returned point), shared by the strategy
// service that answers it and the clients that draw or check it (docs/strategies.md).

/** A range of a walk-forward's combined out-of-sample curve. */
export interface WalkForwardCurvePage {
  jobId: string;
  points: number;
  offset: number;
  end: number;
  decimated: boolean;
  nextOffset: number | null;
  moneyDecimals: number;
  initialValue: number;
  finalValue: number;
  windows: Array<{ index: number; firstPoint: number; lastPoint: number; from: string; to: string }>;
  indices: number[];
  timesMs: number[];
  values: number[];
  valuesMinor: number[];
  drawdowns: number[];
}
