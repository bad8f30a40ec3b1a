// The error thrown by the trading contract helpers (payload validation, money and price
// conversion, ratios). Codes are stable and listed in docs/trading-model.md (a test checks that
// every code is documented). Services translate them into their own HTTP error codes.

/** Every code the trading contract helpers can throw, with what it means. */
export const TRADING_ERROR_CODES = {
  TRADING_INVALID_PAYLOAD: 'A value does not match its trading schema; `details` lists each problem by JSON path.',
  TRADING_AMOUNT_OUT_OF_RANGE: 'An integer result (ticks, lots, minor units) falls outside ±(2^53 - 1) and cannot be carried as a JSON number.',
  TRADING_NOT_EXACT: 'A conversion would lose precision: the decimal amount is not a whole number of minor units, ticks or lots.',
  TRADING_CURRENCY_UNKNOWN: 'The currency code is not in the table of supported ISO 4217 currencies.',
  TRADING_INVALID_INSTRUMENT: 'The instrument definition is inconsistent (tick size, lot size, multiplier or trading hours).',
  TRADING_INVALID_RATIO: 'A ratio has a zero or negative denominator or is not made of integer strings.',
} as const;

/** A stable trading contract error code. */
export type TradingErrorCode = keyof typeof TRADING_ERROR_CODES;

/** One schema problem: where (JSON pointer) and what. */
export interface TradingIssue {
  path: string;
  message: string;
}

/** Thrown by the trading helpers; `code` is stable, `details` lists schema problems when there are some. */
export class TradingError extends Error {
  readonly code: TradingErrorCode;
  readonly details: readonly TradingIssue[] | undefined;

  constructor(code: TradingErrorCode, message: string, details?: readonly TradingIssue[]) {
    super(message);
    this.name = 'TradingError';
    this.code = code;
    this.details = details;
  }
}
