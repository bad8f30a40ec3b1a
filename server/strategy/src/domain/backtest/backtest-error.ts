// The error thrown by the backtester, the pre-flight data check and the optimiser. Business
// outcomes inside a run (a rejected order, an expired order) are never errors: they are order
// updates. Codes are stable and listed in docs/strategies.md (a test checks that every code is
// documented); the service layer maps them to HTTP statuses.

/** Every code the strategy domain can throw, with what it means. */
export const BACKTEST_ERROR_CODES = {
  BACKTEST_INVALID_CONFIG: 'A backtest option is invalid (cash, fill mode, commission, slippage, warm-up, seed); the message names it.',
  BACKTEST_DATA_MISSING: 'The data needed is not there: no file, no bars, or the requested period or a symbol is not covered.',
  BACKTEST_DATA_GAPS: 'The pre-flight check found bars missing inside the trading calendar (a missing day, an intraday hole longer than maxIdleBars, or a partial session with strictSessions); the message lists the gaps (override with allowGaps / --allow-gaps).',
  BACKTEST_DATA_INVALID: 'The data cannot be used: a price is not a whole number of ticks, or values are out of range.',
  BACKTEST_AMOUNT_OUT_OF_RANGE: 'A cash or position value left the exact integer range (±2^53 - 1 minor units).',
  BACKTEST_STRATEGY_UNKNOWN: 'No built-in or loaded strategy has this name.',
  BACKTEST_STRATEGY_FAILED: 'The strategy threw an exception; the message names the hook and the simulated time.',
  BACKTEST_CANCELLED: 'The run was cancelled through its AbortSignal.',
  OPTIMISE_INVALID_SPACE: 'The parameter search space is invalid (unknown parameter, empty range, bad step, too many combinations).',
  OPTIMISE_INVALID_WINDOWS: 'The walk-forward windows do not fit the data (sizes, step or the number of bars).',
  OPTIMISE_WORKER_FAILED: 'A worker thread failed to start or crashed during an optimisation.',
} as const;

/** A stable backtest/optimiser error code. */
export type BacktestErrorCode = keyof typeof BACKTEST_ERROR_CODES;

/** Thrown by the strategy domain; `code` is stable, the message says what and where. */
export class BacktestError extends Error {
  readonly code: BacktestErrorCode;

  constructor(code: BacktestErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BacktestError';
    this.code = code;
  }
}
