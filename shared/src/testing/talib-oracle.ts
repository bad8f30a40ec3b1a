// Test support: runs TA-Lib (npm talib 1.1.6, which compiles the TA-Lib 0.6 C source) and aligns
// its output to the input the way this library does (NaN before begIndex), plus the comparison
// used by every oracle test. Tolerance: |ours - talib| <= 1e-9 * max(1, |talib|), i.e. absolute
// 1e-9 for values within ±1 (oscillators near zero, MACD histogram) and relative 1e-9 above
// (prices, OBV in the billions), because a pure absolute bound is meaningless across magnitudes.
// Not exported from the package.

import { createRequire } from 'node:module';

/** What talib.execute returns. */
interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
}

/** The subset of the talib module the tests use. */
interface Talib {
  version: string;
  execute(request: Record<string, unknown>): TalibResult;
  explain(name: string): { optInputs: { name: string; defaultValue: number }[] };
  setUnstablePeriod(functionId: number, period: number): boolean;
  functionUnstIds: Record<string, number>;
}

/** The talib addon (a CommonJS native module). */
export const talib = createRequire(import.meta.url)('talib') as Talib;

/** The comparison tolerance factor (see the module comment). */
export const TOLERANCE = 1e-9;

/**
 * Runs a TA-Lib function over the whole input (startIdx 0) and returns each output aligned to the
 * input. Every optIn parameter must be passed: the wrapper has no defaults and aborts the process
 * on a TA-Lib error, so callers pass only valid values.
 */
export function talibAligned(name: string, inputs: Record<string, ArrayLike<number>>, optIn: Record<string, number> = {}): Record<string, Float64Array> {
  let length = 0;
  const request: Record<string, unknown> = { name, startIdx: 0 };
  for (const [key, values] of Object.entries(inputs)) {
    request[key] = Array.from(values);
    length = values.length;
  }
  request.endIdx = length - 1;
  Object.assign(request, optIn);
  const { begIndex, result } = talib.execute(request);
  const aligned: Record<string, Float64Array> = {};
  for (const [output, values] of Object.entries(result)) {
    const column = new Float64Array(length).fill(NaN);
    column.set(values, begIndex);
    aligned[output] = column;
  }
  return aligned;
}

/** How far two aligned series are apart. */
export interface Comparison {
  /** Values TA-Lib defines (non-NaN). */
  compared: number;
  maxAbsolute: number;
  maxRelative: number;
  /** Largest |a - b| / max(1, |b|); the quantity bounded by TOLERANCE. */
  maxScaled: number;
  /** Indices where exactly one side is NaN (alignment/lookback disagreements). */
  nanMismatches: number;
  firstNanMismatch: number;
}

/** Compares `ours` with the TA-Lib reference element by element. */
export function compareSeries(ours: ArrayLike<number>, reference: ArrayLike<number>): Comparison {
  const c: Comparison = { compared: 0, maxAbsolute: 0, maxRelative: 0, maxScaled: 0, nanMismatches: 0, firstNanMismatch: -1 };
  if (ours.length !== reference.length) throw new Error(`length ${ours.length} vs reference ${reference.length}`);
  for (let i = 0; i < reference.length; i++) {
    const a = ours[i]!;
    const b = reference[i]!;
    if (Number.isNaN(a) || Number.isNaN(b)) {
      if (Number.isNaN(a) !== Number.isNaN(b)) {
        if (c.nanMismatches++ === 0) c.firstNanMismatch = i;
      }
      continue;
    }
    c.compared++;
    const absolute = Math.abs(a - b);
    c.maxAbsolute = Math.max(c.maxAbsolute, absolute);
    if (b !== 0) c.maxRelative = Math.max(c.maxRelative, absolute / Math.abs(b));
    c.maxScaled = Math.max(c.maxScaled, absolute / Math.max(1, Math.abs(b)));
  }
  return c;
}

/** A short human summary for test names and messages. */
export function describeComparison(c: Comparison): string {
  return `max |Δ| ${c.maxAbsolute.toExponential(2)}, max rel ${c.maxRelative.toExponential(2)} over ${c.compared} values`;
}
