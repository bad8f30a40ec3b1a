// Argument checks of the facade, run before anything reaches native code: types, integer
// representability (safe integers, int64/uint64 ranges for bigints) and enumeration names. Business
// rules (a positive quantity, a price inside 1..10^15) are the engine's: breaking them is a Rejected
// event with a stable code, not an argument error. Every failure names the field.
import { invalidArgument } from './errors.js';
import type { IntegerInput } from './types.js';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** A safe integer number (prices, quantities, symbols). */
export function safeInteger(value: unknown, field: string, min = -Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalidArgument(`${field} must be a safe integer${min > -Number.MAX_SAFE_INTEGER ? ` >= ${min}` : ''}, got ${describe(value)}`);
  }
  return value;
}

/** An integer in 0..2^32-1 (symbols, venue ids). */
export function uint32(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw invalidArgument(`${field} must be an integer in 0..4294967295, got ${describe(value)}`);
  }
  return value;
}

/** An int64 given as bigint or safe-integer number (timestamps, limits). */
export function int64(value: unknown, field: string): bigint {
  if (typeof value === 'bigint') {
    if (value < INT64_MIN || value > INT64_MAX) throw invalidArgument(`${field} must fit int64, got ${value}`);
    return value;
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw invalidArgument(`${field} must be a bigint or a safe integer, got ${describe(value)}`);
}

/** A non-negative int64 (limits, durations). */
export function nonNegativeInt64(value: unknown, field: string): bigint {
  const v = int64(value, field);
  if (v < 0n) throw invalidArgument(`${field} must not be negative, got ${v}`);
  return v;
}

/** A uint64 given as bigint or non-negative safe-integer number (order, account and child ids). */
export function uint64(value: unknown, field: string): bigint {
  if (typeof value === 'bigint') {
    if (value < 0n || value > UINT64_MAX) throw invalidArgument(`${field} must fit uint64, got ${value}`);
    return value;
  }
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw invalidArgument(`${field} must be a non-negative bigint or safe integer, got ${describe(value)}`);
}

/** The index of `value` in `names` (the C++ enum value). */
export function enumValue<T extends string>(value: unknown, names: readonly T[], field: string): number {
  const index = typeof value === 'string' && value !== '' ? names.indexOf(value as T) : -1;
  if (index < 0) {
    throw invalidArgument(`${field} must be one of ${names.filter((n) => n !== '').join(', ')}, got ${describe(value)}`);
  }
  return index;
}

/** An optional boolean (default false). */
export function flag(value: unknown, field: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw invalidArgument(`${field} must be a boolean, got ${describe(value)}`);
  return value;
}

/** A plain object (the shape of every request). */
export function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidArgument(`${field} must be an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/** An optional value with a default. */
export function optional<T>(value: unknown, fallback: T, check: (v: unknown) => T): T {
  return value === undefined ? fallback : check(value);
}

/** Converts an already validated integer input to bigint. */
export function toBigInt(value: IntegerInput): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
