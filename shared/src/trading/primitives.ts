// TypeBox schemas of the scalar types every trading contract is built from. Invariants: every
// price, quantity and money amount on the wire is an integer (ticks, lots, minor units) inside
// ±(2^53 - 1), so a JSON number carries it exactly and `Number.isSafeInteger` holds after
// validation; values that can exceed that range (sums of price × quantity) travel as decimal
// integer strings (IntegerString) and are computed with bigint. Known limit: timestamps are
// ISO-8601 strings with at most millisecond meaning for ordering; engine nanosecond times travel
// separately as IntegerString where a contract needs them.
import { Type, type Static, type TLiteral, type TUnion } from '@sinclair/typebox';
import { DAY_PATTERN, INSTANT_PATTERN } from './instants.js';

/** Largest integer a JSON number carries exactly (2^53 - 1). */
export const MAX_SAFE_AMOUNT = Number.MAX_SAFE_INTEGER;

/** Any integer inside ±(2^53 - 1). */
export const SafeIntegerSchema = Type.Integer({ minimum: -MAX_SAFE_AMOUNT, maximum: MAX_SAFE_AMOUNT });

/** A price in integer ticks of the instrument's tick size (may be negative: some futures trade below zero). */
export const PriceTicksSchema = Type.Integer({
  minimum: -MAX_SAFE_AMOUNT,
  maximum: MAX_SAFE_AMOUNT,
  description: 'Price in integer ticks of the instrument tick size',
});
/** A price in ticks. */
export type PriceTicks = number;

/** A strictly positive quantity in integer lots. */
export const QuantityLotsSchema = Type.Integer({ minimum: 1, maximum: MAX_SAFE_AMOUNT, description: 'Quantity in integer lots' });
/** A quantity in lots. */
export type QuantityLots = number;

/** A quantity in lots that may be zero (filled, remaining). */
export const NonNegativeLotsSchema = Type.Integer({ minimum: 0, maximum: MAX_SAFE_AMOUNT, description: 'Quantity in integer lots' });

/** A signed position in lots: long > 0, short < 0, flat = 0. */
export const SignedLotsSchema = Type.Integer({
  minimum: -MAX_SAFE_AMOUNT,
  maximum: MAX_SAFE_AMOUNT,
  description: 'Signed quantity in lots: long > 0, short < 0',
});

/** A money amount in integer minor units of a currency (cents for USD, yen for JPY). */
export const MinorUnitsSchema = Type.Integer({
  minimum: -MAX_SAFE_AMOUNT,
  maximum: MAX_SAFE_AMOUNT,
  description: 'Money in integer minor units of the currency (e.g. cents)',
});
/** Money in minor units. */
export type MinorUnits = number;

/** A decimal integer of any size as text, for sums that can exceed 2^53 (Σ price × quantity). */
export const IntegerStringSchema = Type.String({
  pattern: '^-?(0|[1-9][0-9]{0,39})$',
  description: 'A decimal integer as a string (may exceed 2^53)',
});

/** A UUID (any version), the form of every service-assigned id. */
export const UuidSchema = Type.String({
  format: 'uuid',
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
});

/** An instrument symbol: upper-case letters, digits and `. _ - /`, starting with a letter or digit. */
export const SymbolSchema = Type.String({ pattern: '^[A-Z0-9][A-Z0-9._/-]{0,31}$', description: 'Instrument symbol' });

/** An ISO 4217 alphabetic currency code. */
export const CurrencyCodeSchema = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code' });

/**
 * An ISO-8601 instant with an explicit offset, e.g. `2026-01-02T14:30:00.000Z`: years 0001-9999,
 * no leap second, offset at most ±15:59 (instants.ts says why). Whether the instant falls inside
 * the supported range after applying the offset is checked with instantMillis().
 */
export const TimestampSchema = Type.String({ format: 'date-time', pattern: `^${INSTANT_PATTERN}$` });

/** A calendar day `YYYY-MM-DD` from 0001-01-01 to 9999-12-31 (the `date` format refuses days that do not exist). */
export const DaySchema = Type.String({ format: 'date', pattern: `^${DAY_PATTERN}$` });

/** A decimal number as text (tick size, display prices): never a binary float. */
export const DecimalStringSchema = Type.String({ pattern: '^(0|[1-9][0-9]{0,17})(\\.[0-9]{1,18})?$' });

/** A fraction in basis points, 0..10000 or more (10000 = 100 %). */
export const BasisPointsSchema = Type.Integer({ minimum: 0, maximum: 1_000_000 });

/** A service-assigned UUID. */
export type Uuid = Static<typeof UuidSchema>;

/** Literal schemas of each member of a string tuple. */
export type LiteralSchemas<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };

/**
 * A union of string literals from a `const` tuple, typed member by member. Why not
 * `Type.Union(values.map(Type.Literal))`: the mapped array loses the tuple type, and Fastify's
 * TypeBox provider then infers `never` for the field.
 */
export function literalUnion<const T extends readonly [string, ...string[]]>(values: T, options: { description?: string; default?: T[number] } = {}): TUnion<LiteralSchemas<T>> {
  return Type.Union(values.map((value) => Type.Literal(value)), options) as unknown as TUnion<LiteralSchemas<T>>;
}
