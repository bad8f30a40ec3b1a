// Why an order was rejected, cancelled or expired by the platform: one stable code per reason.
// Codes from the engine keep the engine's AREA_REASON names and numbers (book 1xxx, risk 2xxx,
// routing 3xxx, durability 4xxx; engine/include/kestrel/engine/result_code.h); codes from the
// order service (ORDER_*) and the portfolio's buying-power check (PORTFOLIO_*) are added here.
// Invariant: a code, once released, never changes meaning; new reasons are appended.

/** Engine result codes that can end an order, by name, with the engine's numeric value. */
export const ENGINE_REJECT_CODES = {
  BOOK_UNKNOWN_ORDER: 1001,
  BOOK_DUPLICATE_ORDER_ID: 1002,
  BOOK_INVALID_QUANTITY: 1003,
  BOOK_INVALID_PRICE: 1004,
  BOOK_WRONG_OWNER: 1005,
  BOOK_SYMBOL_HALTED: 1006,
  BOOK_POST_ONLY_WOULD_CROSS: 1007,
  BOOK_FOK_NOT_FILLABLE: 1008,
  BOOK_NO_LIQUIDITY: 1009,
  BOOK_INVALID_ORDER: 1010,
  BOOK_EXPIRE_TIME_IN_PAST: 1011,
  BOOK_SELF_TRADE_PREVENTED: 1012,
  BOOK_IOC_REMAINDER_CANCELLED: 1013,
  BOOK_USER_CANCELLED: 1014,
  BOOK_UNSUPPORTED_ORDER: 1017,
  RISK_MAX_ORDER_QUANTITY: 2001,
  RISK_MAX_ORDER_NOTIONAL: 2002,
  RISK_MAX_POSITION: 2003,
  RISK_MAX_OPEN_ORDERS: 2004,
  RISK_MAX_DAILY_LOSS: 2005,
  RISK_PRICE_COLLAR: 2006,
  RISK_CIRCUIT_BREAKER: 2007,
  RISK_KILL_SWITCH_HALT: 2008,
  RISK_REDUCE_ONLY: 2009,
  RISK_KILL_SWITCH_CANCELLED: 2010,
  RISK_NO_REFERENCE_PRICE: 2011,
  ROUTE_NO_VENUE: 3001,
  ROUTE_VENUE_UNAVAILABLE: 3002,
  ROUTE_NO_LIQUIDITY: 3003,
  ROUTE_INVALID_ORDER: 3004,
  JOURNAL_WRITE_FAILED: 4001,
} as const;

/** Reasons the order service gives before the engine sees the order, with what they mean. */
export const ORDER_SERVICE_REJECT_REASONS = {
  ORDER_PRICE_REQUIRED: 'A limit or stop-limit order needs limitPriceTicks.',
  ORDER_PRICE_NOT_ALLOWED: 'A market or stop order must not carry limitPriceTicks.',
  ORDER_STOP_PRICE_REQUIRED: 'A stop or stop-limit order needs stopPriceTicks.',
  ORDER_STOP_PRICE_NOT_ALLOWED: 'Only stop and stop-limit orders carry stopPriceTicks.',
  ORDER_EXPIRY_REQUIRED: 'A GTD order needs expireAt.',
  ORDER_EXPIRY_NOT_ALLOWED: 'Only GTD orders carry expireAt.',
  ORDER_TIME_IN_FORCE_INVALID: 'The time in force does not apply to this order type (a market order cannot rest: use IOC, FOK or DAY).',
  ORDER_POST_ONLY_INVALID: 'Post-only needs a limit order that can rest (not IOC or FOK).',
  ORDER_DISPLAY_QUANTITY_INVALID: 'displayQuantityLots (iceberg peak) must be below the quantity, on a limit or stop-limit order that can rest (not IOC or FOK).',
  ORDER_QUANTITY_OUT_OF_RANGE: 'The quantity is outside the instrument minQuantityLots..maxQuantityLots.',
  ORDER_PRICE_OUT_OF_RANGE: 'A price is outside the instrument minPriceTicks..maxPriceTicks.',
  ORDER_INSTRUMENT_UNKNOWN: 'No active instrument has this symbol.',
  ORDER_INSTRUMENT_NOT_TRADING: 'The instrument is halted or delisted.',
  ORDER_MARKET_CLOSED: 'The order arrived outside the instrument trading hours.',
  ORDER_DUPLICATE_CLIENT_ORDER_ID: 'The account already has an order with this clientOrderId and different fields.',
  ORDER_ACCOUNT_NOT_ACTIVE: 'The account is not active.',
  PORTFOLIO_INSUFFICIENT_BUYING_POWER: 'The account buying power does not cover the order (see docs/portfolio.md).',
  PORTFOLIO_SHORT_NOT_ALLOWED: 'The order would open a short position in an account whose margin policy forbids short selling.',
  PORTFOLIO_CURRENCY_MISMATCH: 'The instrument trades in a currency other than the account currency.',
  PORTFOLIO_INSTRUMENT_UNKNOWN: 'The portfolio service does not know the instrument economics (tick size, lot size, currency).',
} as const;

/** Any reason an order can end without (complete) execution. */
export type OrderRejectReason = keyof typeof ENGINE_REJECT_CODES | keyof typeof ORDER_SERVICE_REJECT_REASONS;

/** Every reject reason, in a stable order (engine codes first, by number). */
export const ORDER_REJECT_REASONS: readonly OrderRejectReason[] = [
  ...(Object.keys(ENGINE_REJECT_CODES) as (keyof typeof ENGINE_REJECT_CODES)[]),
  ...(Object.keys(ORDER_SERVICE_REJECT_REASONS) as (keyof typeof ORDER_SERVICE_REJECT_REASONS)[]),
];

/** True when `value` is a known reject reason. */
export function isOrderRejectReason(value: string): value is OrderRejectReason {
  return Object.hasOwn(ENGINE_REJECT_CODES, value) || Object.hasOwn(ORDER_SERVICE_REJECT_REASONS, value);
}
