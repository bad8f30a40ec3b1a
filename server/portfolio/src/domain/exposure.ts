// Gross, net, long and short exposure of an account from its marked positions. Gross = Σ |MV|,
// net = Σ MV; each symbol's share of gross is in basis points rounded down (so shares never add
// up to more than 10000); leverage = gross / equity in basis points, null when equity <= 0.
import { divideRounded, toSafeNumber } from '@kestrel/shared';
import type { MarkSource } from './valuation.js';

/** One marked position. */
export interface ExposureInput {
  symbol: string;
  quantityLots: number;
  markPriceTicks: number;
  markSource: MarkSource;
  marketValueMinor: number;
}

/** Exposure totals and per-symbol breakdown, largest |MV| first. */
export interface ExposureTotals {
  grossMinor: number;
  netMinor: number;
  longMinor: number;
  shortMinor: number;
  leverageBps: number | null;
  bySymbol: (ExposureInput & { shareOfGrossBps: number })[];
}

/** Computes exposure; flat positions are left out. */
export function computeExposure(positions: readonly ExposureInput[], equityMinor: number): ExposureTotals {
  const held = positions.filter((position) => position.quantityLots !== 0);
  let long = 0n;
  let short = 0n;
  for (const position of held) {
    const value = BigInt(position.marketValueMinor);
    if (value >= 0n) long += value;
    else short += value;
  }
  const gross = long - short;
  const bySymbol = held
    .map((position) => {
      const absolute = BigInt(Math.abs(position.marketValueMinor));
      return { ...position, shareOfGrossBps: gross === 0n ? 0 : Number(divideRounded(absolute * 10_000n, gross, 'floor')) };
    })
    .sort((a, b) => Math.abs(b.marketValueMinor) - Math.abs(a.marketValueMinor) || a.symbol.localeCompare(b.symbol));
  return {
    grossMinor: toSafeNumber(gross, 'gross exposure'),
    netMinor: toSafeNumber(long + short, 'net exposure'),
    longMinor: toSafeNumber(long, 'long exposure'),
    shortMinor: toSafeNumber(short, 'short exposure'),
    leverageBps: equityMinor > 0 ? toSafeNumber(divideRounded(gross * 10_000n, BigInt(equityMinor), 'floor'), 'leverage') : null,
    bySymbol,
  };
}
