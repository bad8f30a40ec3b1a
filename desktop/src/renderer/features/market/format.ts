// Display formatting of the integers the API carries. Prices are shown with the instrument's
// exact tick decimals (shared priceText: no binary float ever rounds a price), money with the
// currency's minor digits (shared minorToDecimal), quantities as whole lots with grouping.
// Percentages are computed in integer basis points for the same reason.
import { minorToDecimal, priceText, type InstrumentEconomics } from '@kestrel/shared';

const GROUP = /\B(?=(\d{3})+(?!\d))/g;

/** "1,234,567" for an integer. */
export function groupDigits(value: number | string): string {
  const text = String(value);
  const negative = text.startsWith('-');
  const [whole, fraction] = (negative ? text.slice(1) : text).split('.');
  const grouped = (whole ?? '').replace(GROUP, ',');
  return `${negative ? '-' : ''}${grouped}${fraction !== undefined ? `.${fraction}` : ''}`;
}

/** The price of `ticks` as decimal text, or an em dash. */
export function formatPrice(instrument: Pick<InstrumentEconomics, 'tickSize'> | undefined, ticks: number | null | undefined): string {
  if (ticks === null || ticks === undefined) return '—';
  if (!instrument) return String(ticks);
  return groupDigits(priceText(instrument, ticks));
}

/** Money in minor units as "-1,234.56". */
export function formatMoney(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '—';
  return groupDigits(minorToDecimal(minor, currency));
}

/** A quantity in lots. */
export function formatLots(lots: number | null | undefined): string {
  return lots === null || lots === undefined ? '—' : groupDigits(lots);
}

/** Change from `previous` to `last` in basis points (integer, half away from zero), or null. */
export function changeBps(last: number | null, previous: number | null): number | null {
  if (last === null || previous === null || previous === 0) return null;
  const scaled = (BigInt(last) - BigInt(previous)) * 100_000n / BigInt(Math.abs(previous));
  const rounded = scaled >= 0n ? (scaled + 5n) / 10n : (scaled - 5n) / 10n;
  return Number(rounded);
}

/** Basis points as a signed percentage with two decimals: "+1.25%". */
export function formatBps(bps: number | null): string {
  if (bps === null) return '—';
  const sign = bps > 0 ? '+' : bps < 0 ? '-' : '';
  const absolute = Math.abs(bps);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}%`;
}

/** A timestamp as local HH:MM:SS.mmm. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
