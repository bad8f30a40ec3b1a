// Checking untrusted values (HTTP bodies, event payloads, IPC messages) against the trading
// schemas. Invariant: parseTrading() returns the value only when it matches the schema exactly
// and otherwise throws TRADING_INVALID_PAYLOAD listing every problem; it never coerces, so what
// is validated is what is used. The `uuid`, `date-time` and `date` formats are registered with
// TypeBox here because its Value checker knows no formats by default; `date-time` and `date` accept
// exactly what instants.ts supports (a real day, an instant inside years 0001-9999 UTC).
import { FormatRegistry, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { instantMillis, isCalendarDay } from './instants.js';
import { TradingError, type TradingIssue } from './trading-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (value) => UUID.test(value));
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (value) => instantMillis(value) !== null);
if (!FormatRegistry.Has('date')) FormatRegistry.Set('date', isCalendarDay);

/** Every way `value` fails `schema` (at most `limit`), as JSON pointers and messages. */
export function tradingIssues(schema: TSchema, value: unknown, limit = 20): TradingIssue[] {
  const issues: TradingIssue[] = [];
  for (const error of Value.Errors(schema, value)) {
    issues.push({ path: error.path === '' ? '/' : error.path, message: error.message });
    if (issues.length >= limit) break;
  }
  return issues;
}

/** `value` typed by `schema`, or TRADING_INVALID_PAYLOAD naming `what` and listing the problems. */
export function parseTrading<S extends TSchema>(schema: S, value: unknown, what: string): Static<S> {
  if (Value.Check(schema, value)) return value;
  const issues = tradingIssues(schema, value);
  const first = issues[0];
  throw new TradingError(
    'TRADING_INVALID_PAYLOAD',
    `invalid ${what}${first ? `: ${first.path} ${first.message}` : ''}`,
    issues,
  );
}
