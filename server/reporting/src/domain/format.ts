// Formatting at the edge: integer minor units, ticks and lots become the decimal text printed in a
// CSV cell or a PDF table. Nothing here does arithmetic in floating point on money.
import { minorToDecimal } from '@kestrel/shared';

/** Minor units as a decimal amount of `currency` ("-12.34"). */
export function money(minor: number, currency: string): string {
  return minorToDecimal(minor, currency);
}

/** A price in ticks as a decimal price, exactly: ticks × tickSize ("0.01" × 12345 = "123.45"). */
export function price(ticks: number, tickSize: string): string {
  const [whole = '0', fraction = ''] = tickSize.split('.');
  const scaled = BigInt(ticks) * BigInt(whole + fraction);
  if (fraction.length === 0) return scaled.toString();
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(fraction.length + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -fraction.length)}.${digits.slice(-fraction.length)}`;
}

/** Units of the instrument (lots × lot size) as an integer string. */
export function units(lots: number, lotSize: number): string {
  return (BigInt(lots) * BigInt(lotSize)).toString();
}

/** ISO 8601 UTC instant. */
export function instant(date: Date): string {
  return date.toISOString();
}

/** UTC calendar day as MM/DD/YYYY, the date layout of IRS forms. */
export function usDate(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
}

/** A fraction as a percentage with two decimals, or "n/a". */
export function percent(value: number | null): string {
  return value === null || !Number.isFinite(value) ? 'n/a' : `${(value * 100).toFixed(2)} %`;
}

/** A ratio with two decimals, or "n/a". */
export function ratio(value: number | null): string {
  return value === null || !Number.isFinite(value) ? 'n/a' : value.toFixed(2);
}
