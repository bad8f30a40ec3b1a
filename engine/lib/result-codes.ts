// The engine's stable result codes (engine/include/kestrel/engine/result_code.h) by number, with the
// same AREA_REASON names as result_code.cpp (result-codes.test.ts parses that file and fails when the
// two differ), plus the names of risk limits and scopes (risk_limits.cpp). Book 1xxx, risk 2xxx,
// routing 3xxx, durability 4xxx, engine pipeline 5xxx; numbers and names never change once released.

/** Result code names by number. */
export const RESULT_CODES = {
  0: 'OK',
  1001: 'BOOK_UNKNOWN_ORDER',
  1002: 'BOOK_DUPLICATE_ORDER_ID',
  1003: 'BOOK_INVALID_QUANTITY',
  1004: 'BOOK_INVALID_PRICE',
  1005: 'BOOK_WRONG_OWNER',
  1006: 'BOOK_SYMBOL_HALTED',
  1007: 'BOOK_POST_ONLY_WOULD_CROSS',
  1008: 'BOOK_FOK_NOT_FILLABLE',
  1009: 'BOOK_NO_LIQUIDITY',
  1010: 'BOOK_INVALID_ORDER',
  1011: 'BOOK_EXPIRE_TIME_IN_PAST',
  1012: 'BOOK_SELF_TRADE_PREVENTED',
  1013: 'BOOK_IOC_REMAINDER_CANCELLED',
  1014: 'BOOK_USER_CANCELLED',
  1015: 'BOOK_UNKNOWN_COMMAND',
  1016: 'BOOK_STATE_CORRUPT',
  1017: 'BOOK_UNSUPPORTED_ORDER',
  2001: 'RISK_MAX_ORDER_QUANTITY',
  2002: 'RISK_MAX_ORDER_NOTIONAL',
  2003: 'RISK_MAX_POSITION',
  2004: 'RISK_MAX_OPEN_ORDERS',
  2005: 'RISK_MAX_DAILY_LOSS',
  2006: 'RISK_PRICE_COLLAR',
  2007: 'RISK_CIRCUIT_BREAKER',
  2008: 'RISK_KILL_SWITCH_HALT',
  2009: 'RISK_REDUCE_ONLY',
  2010: 'RISK_KILL_SWITCH_CANCELLED',
  2011: 'RISK_NO_REFERENCE_PRICE',
  2012: 'RISK_INVALID_LIMIT',
  2013: 'RISK_INVALID_FILL',
  3001: 'ROUTE_NO_VENUE',
  3002: 'ROUTE_VENUE_UNAVAILABLE',
  3003: 'ROUTE_NO_LIQUIDITY',
  3004: 'ROUTE_INVALID_ORDER',
  3005: 'ROUTE_UNKNOWN_ORDER',
  3006: 'ROUTE_DUPLICATE_ORDER',
  3007: 'ROUTE_INVALID_VENUE',
  3008: 'ROUTE_UNSUPPORTED_REQUEST',
  4001: 'JOURNAL_WRITE_FAILED',
  4002: 'JOURNAL_CORRUPT',
  4003: 'SNAPSHOT_CORRUPT',
  4004: 'SNAPSHOT_WRITE_FAILED',
  4005: 'SNAPSHOT_NOT_FOUND',
  4006: 'JOURNAL_READ_FAILED',
  4007: 'SNAPSHOT_READ_FAILED',
  5001: 'ENGINE_NOT_DURABLE',
} as const;

/** A result code name, e.g. 'BOOK_UNKNOWN_ORDER'. */
export type ResultCodeName = (typeof RESULT_CODES)[keyof typeof RESULT_CODES];

/** The name of a numeric code; 'UNKNOWN' for a number the table does not list (as result_code_name). */
export function resultCodeName(code: number): ResultCodeName | 'UNKNOWN' {
  return (RESULT_CODES as Record<number, ResultCodeName>)[code] ?? 'UNKNOWN';
}

/** Which risk limit denied an order, by RiskLimit number (risk_limits.h). */
export const RISK_LIMITS = [
  'none',
  'max_order_quantity',
  'max_order_notional',
  'max_position',
  'max_open_orders',
  'max_daily_loss',
  'price_collar',
  'circuit_breaker',
  'kill_switch',
  'reference_price',
  'order_state',
] as const;

/** A risk limit name. */
export type RiskLimitName = (typeof RISK_LIMITS)[number];

/** Whose limit it was, by RiskScope number. */
export const RISK_SCOPES = ['none', 'account', 'global', 'symbol'] as const;

/** A risk scope name. */
export type RiskScopeName = (typeof RISK_SCOPES)[number];
