// The error thrown by the indicator library for bad parameters or bad input, plus the argument checks
// every indicator shares. Invariant: a check throws before any state is touched, so a rejected
// update leaves a streaming indicator exactly as it was. Codes are stable and listed in
// docs/indicators.md (a test checks that every code is documented).

/** Every code an indicator can throw, with what it means. */
export const INDICATOR_ERROR_CODES = {
  INDICATOR_INVALID_PARAMETER: 'A period, multiplier or option is out of its documented range.',
  INDICATOR_INVALID_INPUT: 'An input value is NaN or infinite, or a volume is negative (indicators never propagate NaN).',
  INDICATOR_INPUT_LENGTH_MISMATCH: 'The input columns of a batch call have different lengths.',
} as const;

/** A stable indicator error code. */
export type IndicatorErrorCode = keyof typeof INDICATOR_ERROR_CODES;

/** Thrown for invalid indicator parameters or input; `code` is stable, the message says what was wrong. */
export class IndicatorError extends Error {
  readonly code: IndicatorErrorCode;

  constructor(code: IndicatorErrorCode, message: string) {
    super(message);
    this.name = 'IndicatorError';
    this.code = code;
  }
}

/** The largest period any indicator accepts (TA-Lib's limit too). */
export const MAX_PERIOD = 100_000;

/** Throws INDICATOR_INVALID_PARAMETER unless `value` is an integer in [min, MAX_PERIOD]; returns it. */
export function checkPeriod(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min || value > MAX_PERIOD) {
    throw new IndicatorError(
      'INDICATOR_INVALID_PARAMETER',
      `${name} must be an integer from ${min} to ${MAX_PERIOD}, got ${String(value)}`,
    );
  }
  return value;
}

/** Throws INDICATOR_INVALID_PARAMETER unless `value` is a finite number >= 0; returns it. */
export function checkMultiplier(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new IndicatorError('INDICATOR_INVALID_PARAMETER', `${name} must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}

/** Throws INDICATOR_INVALID_INPUT when `value` is NaN or infinite. */
export function checkFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) {
    throw new IndicatorError('INDICATOR_INVALID_INPUT', `${name} must be a finite number, got ${String(value)}`);
  }
}

/** Throws INDICATOR_INVALID_INPUT unless `value` is a finite number >= 0. */
export function checkVolume(name: string, value: number): void {
  if (!(value >= 0 && value < Infinity)) {
    throw new IndicatorError('INDICATOR_INVALID_INPUT', `${name} must be a finite number >= 0, got ${String(value)}`);
  }
}

/** Throws INDICATOR_INPUT_LENGTH_MISMATCH unless every column has the same length; returns that length. */
export function commonLength(columns: Record<string, ArrayLike<number>>): number {
  let length = -1;
  let first = '';
  for (const [name, column] of Object.entries(columns)) {
    if (length === -1) {
      length = column.length;
      first = name;
    } else if (column.length !== length) {
      throw new IndicatorError(
        'INDICATOR_INPUT_LENGTH_MISMATCH',
        `${name} has ${column.length} values but ${first} has ${length}`,
      );
    }
  }
  return Math.max(length, 0);
}
