// Error codes of the portfolio service. Every code is AREA_REASON, has one HTTP status and is
// documented in docs/portfolio.md (errors.test.ts checks that). Buying-power denials are not
// errors: the check answers 200 with `approved: false` and a reason (see shared/trading/buying-power.ts).
// Requests that match their schema but break a rule the schema cannot express answer 422 (a
// documented rejection), never 400 (which means "does not match the schema") nor 500.
import { TradingError, type TradingErrorCode } from '@kestrel/shared';
import { KestrelError, defineErrors, type ErrorCode } from '@kestrel/server-common';

/** Error codes raised by the portfolio service. */
export const PortfolioErrors = defineErrors({
  PORTFOLIO_UNAUTHENTICATED: { status: 401, description: 'The request carries no authenticated principal (the gateway attaches one).' },
  PORTFOLIO_FORBIDDEN: { status: 403, description: 'The caller lacks the permission this route needs.' },
  PORTFOLIO_SERVICE_TOKEN_INVALID: {
    status: 401,
    description: 'An internal route was called without a valid service token (x-kestrel-service-token) or an admin principal.',
  },
  PORTFOLIO_ACCOUNT_NOT_FOUND: { status: 404, description: 'No account with this id is visible to the caller (other users\' accounts are reported the same way).' },
  PORTFOLIO_OWNER_NOT_ALLOWED: { status: 403, description: 'Only an admin may open margin accounts, set a margin policy or open an account for another user.' },
  PORTFOLIO_ACCOUNT_NOT_ACTIVE: { status: 409, description: 'The account is restricted or closed, so it cannot be funded or open positions.' },
  PORTFOLIO_DEPOSIT_CONFLICT: { status: 409, description: 'A deposit with the same reference but a different amount already exists on the account.' },
  PORTFOLIO_INSTRUMENT_UNKNOWN: { status: 422, description: 'The portfolio does not know the instrument economics (tick size, lot size, currency) of the symbol.' },
  PORTFOLIO_CURRENCY_MISMATCH: { status: 422, description: 'The instrument trades in a currency other than the account currency (accounts are single-currency).' },
  PORTFOLIO_CURRENCY_UNSUPPORTED: { status: 422, description: 'The currency is not in the supported ISO 4217 table.' },
  PORTFOLIO_RESERVATION_CONFLICT: { status: 409, description: 'A buying-power reservation for this order id exists with different order fields.' },
  PORTFOLIO_AMOUNT_OUT_OF_RANGE: { status: 422, description: 'A resulting amount would leave the safe-integer range (±(2^53 - 1) minor units or lots).' },
  PORTFOLIO_INVALID_RANGE: {
    status: 422,
    description: 'The P&L series range is empty, reversed, outside the supported instants (years 0001-9999 UTC) or would return more points than allowed.',
  },
  PORTFOLIO_CURSOR_INVALID: { status: 422, description: 'The history paging cursor is malformed or belongs to another list (fills, lot disposals, valuations).' },
  PORTFOLIO_INVALID_INSTRUMENT: {
    status: 422,
    description: 'An instrument definition is inconsistent (tick size not positive, min above max, largest order beyond 2^53 - 1 minor units, invalid trading hours); `details.index` names it.',
  },
  PORTFOLIO_INVALID_DAY: { status: 422, description: 'A daily close names a day that does not exist (e.g. 2023-02-29); `details.index` names it.' },
  PORTFOLIO_TIMESTAMP_OUT_OF_RANGE: {
    status: 422,
    description: 'A timestamp lies, once its offset is applied, outside 0001-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z; `details.index` names it.',
  },
  PORTFOLIO_VAR_INSUFFICIENT_HISTORY: { status: 422, description: 'The held symbols share fewer daily closes than the minimum number of VaR scenarios; `details` lists the counts.' },
  PORTFOLIO_INVALID_EVENT: { status: 422, description: 'An orders.executed event could not be booked (invalid payload, unknown account, currency mismatch); it is kept in portfolio_dead_letters.' },
});

/** Codes of PortfolioErrors. */
export type PortfolioErrorCode = keyof typeof PortfolioErrors;

/** Builds the KestrelError for a portfolio code. */
export function portfolioError(code: PortfolioErrorCode, message: string, details?: unknown): KestrelError {
  const spec: ErrorCode = PortfolioErrors[code];
  return new KestrelError(spec, message, details === undefined ? {} : { details });
}

/** Trading-contract codes caused by the request's data, and the portfolio code each one answers. */
const FROM_TRADING: Partial<Record<TradingErrorCode, PortfolioErrorCode>> = {
  TRADING_AMOUNT_OUT_OF_RANGE: 'PORTFOLIO_AMOUNT_OUT_OF_RANGE',
  TRADING_INVALID_INSTRUMENT: 'PORTFOLIO_INVALID_INSTRUMENT',
  TRADING_CURRENCY_UNKNOWN: 'PORTFOLIO_CURRENCY_UNSUPPORTED',
};

/**
 * The portfolio error a TradingError thrown while serving a request stands for (valuing a position
 * at a price whose market value passes 2^53 - 1, an inconsistent instrument). Anything else is
 * returned unchanged: the other trading codes mean a bug, which must stay a logged 500.
 */
export function translateTradingError(error: unknown): unknown {
  if (!(error instanceof TradingError)) return error;
  const code = FROM_TRADING[error.code];
  return code === undefined ? error : new KestrelError(PortfolioErrors[code], error.message, { cause: error });
}
