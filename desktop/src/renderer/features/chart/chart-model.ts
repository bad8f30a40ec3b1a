// Price units of the chart: the tick size's decimals for display, and a chart price back to
// whole ticks for drawings and click-to-trade. The chart shows display prices (tick × tick size);
// orders and saved drawings always use the integer ticks.

/** Decimal places of a tick size ("0.01" → 2). */
export function tickDecimals(tickSize: string): number {
  const dot = tickSize.indexOf('.');
  return dot < 0 ? 0 : tickSize.length - dot - 1;
}

/** A chart price back in whole ticks (for drawings and click-to-trade). */
export function priceToTicks(price: number, tickSize: string): number {
  return Math.round(price / Number(tickSize));
}
