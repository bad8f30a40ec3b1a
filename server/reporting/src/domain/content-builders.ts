// Builds the ReportContent of each report kind from rows already read from the portfolio's tables.
// Pure functions: the service reads the rows, these lay them out. Money is formatted here, once.
import { FILL_COLUMNS, type FillColumn, type ReportDefinition } from './definition.js';
import { instant, money, percent, price, ratio, units, usDate } from './format.js';
import { dailySeries, performanceStatistics } from './performance.js';
import type { Column, ReportContent, Table } from './report-content.js';
import { taxLines, taxTotals, type TaxLine } from './tax-lots.js';
import type { AccountInfo, DisposalRow, FillRow, ValuationRow } from './portfolio-rows.js';

/** What every builder is told about the report. */
export interface BuildContext {
  account: AccountInfo;
  definition: ReportDefinition;
  fromMs: number;
  toMs: number;
  generatedAt: Date;
}

const FILL_COLUMN_SPECS: Readonly<Record<FillColumn, { label: string; numeric: boolean; cell: (fill: FillRow, currency: string) => string }>> = {
  executedAt: { label: 'Executed at (UTC)', numeric: false, cell: (fill) => instant(fill.executedAt) },
  symbol: { label: 'Symbol', numeric: false, cell: (fill) => fill.symbol },
  side: { label: 'Side', numeric: false, cell: (fill) => fill.side },
  quantity: { label: 'Quantity', numeric: true, cell: (fill) => units(fill.quantityLots, fill.lotSize) },
  price: { label: 'Price', numeric: true, cell: (fill) => price(fill.priceTicks, fill.tickSize) },
  notional: { label: 'Notional', numeric: true, cell: (fill, currency) => money(fill.notionalMinor, currency) },
  fee: { label: 'Fee', numeric: true, cell: (fill, currency) => money(fill.feeMinor, currency) },
  realisedPnl: { label: 'Realised P&L', numeric: true, cell: (fill, currency) => money(fill.realisedPnlMinor, currency) },
  cashDelta: { label: 'Cash change', numeric: true, cell: (fill, currency) => money(fill.cashDeltaMinor, currency) },
  orderId: { label: 'Order id', numeric: false, cell: (fill) => fill.orderId },
  executionId: { label: 'Execution id', numeric: false, cell: (fill) => fill.executionId },
};

function subtitle(context: BuildContext): string[] {
  const { account, fromMs, toMs, generatedAt } = context;
  return [
    `Account ${account.name} (${account.id}), ${account.currency}`,
    `Period ${new Date(fromMs).toISOString()} to ${new Date(toMs).toISOString()} (end exclusive, UTC)`,
    `Generated ${generatedAt.toISOString()}`,
  ];
}

function sumMinor(values: Iterable<number>): number {
  let total = 0n;
  for (const value of values) total += BigInt(value);
  if (total > BigInt(Number.MAX_SAFE_INTEGER) || total < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('a report total passes 2^53 - 1 minor units');
  return Number(total);
}

/** The fills that pass a custom report's filters. */
export function filterFills(fills: readonly FillRow[], filters: ReportDefinition['filters']): FillRow[] {
  const symbols = filters?.symbols ? new Set(filters.symbols) : null;
  return fills.filter((fill) => (symbols === null || symbols.has(fill.symbol)) && (filters?.side === undefined || fill.side === filters.side));
}

function fillTable(title: string, fills: readonly FillRow[], columns: readonly FillColumn[], currency: string): Table {
  return {
    title,
    columns: columns.map((key): Column => ({ key, label: FILL_COLUMN_SPECS[key].label, numeric: FILL_COLUMN_SPECS[key].numeric })),
    rows: fills.map((fill) => columns.map((key) => FILL_COLUMN_SPECS[key].cell(fill, currency))),
  };
}

function fillSummary(fills: readonly FillRow[], currency: string): Array<[string, string]> {
  return [
    ['Fills', String(fills.length)],
    ['Bought (notional)', money(sumMinor(fills.filter((f) => f.side === 'buy').map((f) => f.notionalMinor)), currency)],
    ['Sold (notional)', money(sumMinor(fills.filter((f) => f.side === 'sell').map((f) => f.notionalMinor)), currency)],
    ['Fees', money(sumMinor(fills.map((f) => f.feeMinor)), currency)],
    ['Realised P&L (before fees)', money(sumMinor(fills.map((f) => f.realisedPnlMinor)), currency)],
  ];
}

/** Trade history: every fill of the period with all columns. */
export function tradeHistoryContent(context: BuildContext, fills: readonly FillRow[]): ReportContent {
  const currency = context.account.currency;
  return {
    title: 'Trade history',
    subtitle: subtitle(context),
    summary: fillSummary(fills, currency),
    charts: [],
    tables: [fillTable('Fills', fills, FILL_COLUMNS, currency)],
    csvTable: 0,
    notes: ['Quantities are in units of the instrument (lots x lot size); amounts in the account currency.'],
  };
}

/** Custom: the chosen columns of the fills that pass the filters. */
export function customContent(context: BuildContext, fills: readonly FillRow[]): ReportContent {
  const currency = context.account.currency;
  const selected = filterFills(fills, context.definition.filters);
  const { filters } = context.definition;
  const described = [
    filters?.symbols ? `symbols ${filters.symbols.join(', ')}` : 'all symbols',
    filters?.side ? `${filters.side} fills only` : 'buys and sells',
  ];
  return {
    title: 'Custom report',
    subtitle: [...subtitle(context), `Filters: ${described.join('; ')}`],
    summary: fillSummary(selected, currency),
    charts: [],
    tables: [fillTable('Fills', selected, context.definition.columns ?? FILL_COLUMNS, currency)],
    csvTable: 0,
    notes: [],
  };
}

/** The Form 8949 column headers, (a) to (h), then the holding-period class. */
export const FORM_8949_COLUMNS: readonly Column[] = [
  { key: 'description', label: '(a) Description of property', numeric: false },
  { key: 'acquired', label: '(b) Date acquired', numeric: false },
  { key: 'sold', label: '(c) Date sold or disposed of', numeric: false },
  { key: 'proceeds', label: '(d) Proceeds (sales price)', numeric: true },
  { key: 'basis', label: '(e) Cost or other basis', numeric: true },
  { key: 'code', label: '(f) Code(s) from instructions', numeric: false },
  { key: 'adjustment', label: '(g) Amount of adjustment', numeric: true },
  { key: 'gain', label: '(h) Gain or (loss)', numeric: true },
  { key: 'term', label: 'Term', numeric: false },
];

function taxRow(line: TaxLine, currency: string): string[] {
  return [
    `${line.units} sh. ${line.symbol}${line.shortSale ? ' (short sale)' : ''}`,
    usDate(line.acquired),
    usDate(line.sold),
    money(line.proceedsMinor, currency),
    money(line.costBasisMinor, currency),
    line.code,
    money(line.adjustmentMinor, currency),
    money(line.gainMinor, currency),
    line.term === 'long' ? 'long-term' : 'short-term',
  ];
}

/** Tax: realised gains by lot, Form 8949 layout, short-term then long-term. */
export function taxContent(context: BuildContext, disposals: readonly DisposalRow[]): ReportContent {
  const currency = context.account.currency;
  const lines = taxLines(disposals);
  const totals = taxTotals(lines);
  const part = (term: 'short' | 'long', title: string): Table => ({
    title,
    columns: [...FORM_8949_COLUMNS],
    rows: lines.filter((line) => line.term === term).map((line) => taxRow(line, currency)),
  });
  return {
    title: 'Realised gains and losses (Form 8949 layout)',
    subtitle: [...subtitle(context), `Lot relief method of the account: ${context.account.lotMethod}`],
    summary: [
      ['Short-term proceeds', money(totals.short.proceedsMinor, currency)],
      ['Short-term cost basis', money(totals.short.costBasisMinor, currency)],
      ['Short-term adjustments', money(totals.short.adjustmentMinor, currency)],
      ['Short-term gain or (loss)', money(totals.short.gainMinor, currency)],
      ['Long-term proceeds', money(totals.long.proceedsMinor, currency)],
      ['Long-term cost basis', money(totals.long.costBasisMinor, currency)],
      ['Long-term adjustments', money(totals.long.adjustmentMinor, currency)],
      ['Long-term gain or (loss)', money(totals.long.gainMinor, currency)],
    ],
    charts: [],
    tables: [
      { title: 'All disposals', columns: [...FORM_8949_COLUMNS], rows: lines.map((line) => taxRow(line, currency)) },
      part('short', 'Part I - Short-term (held one year or less)'),
      part('long', 'Part II - Long-term (held more than one year)'),
    ],
    csvTable: 0,
    notes: [
      'One line per tax lot relieved by a closing fill, as booked by the portfolio under the account\'s lot method.',
      'Proceeds (d) are gross; buying commissions are in the cost basis (e); selling commissions are the negative adjustment (g) with code E.',
      'Short sales: (b) is the covering purchase, (c) the opening sale; always short-term.',
      'Not tax advice: check against your broker\'s Form 1099-B.',
    ],
  };
}

/** Performance: statistics, equity and drawdown charts, and the daily series as the table. */
export function performanceContent(
  context: BuildContext,
  valuations: readonly ValuationRow[],
  closingFills: readonly FillRow[],
): ReportContent {
  const currency = context.account.currency;
  const series = dailySeries(valuations, context.fromMs, context.toMs);
  const trades = closingFills.map((fill) => fill.realisedPnlMinor - fill.feeMinor);
  const stats = performanceStatistics(series, trades, (context.definition.riskFreeRateBps ?? 0) / 10_000);
  const last = series.equityMinor.length - 1;
  // No valuation before the period: the account started inside it, from nothing.
  const startEquity = series.startEquityMinor ?? 0;
  const startDeposits = series.startNetDepositsMinor ?? 0;
  return {
    title: 'Performance',
    subtitle: subtitle(context),
    summary: [
      ['Start equity', money(startEquity, currency)],
      ['End equity', money(last >= 0 ? series.equityMinor[last]! : startEquity, currency)],
      ['Net deposits in period', money(last >= 0 ? series.netDepositsMinor[last]! - startDeposits : 0, currency)],
      ['Total return (time-weighted)', percent(stats.totalReturn)],
      ['Annualised return', percent(stats.annualReturn)],
      ['Volatility (annualised)', percent(stats.volatility)],
      ['Sharpe ratio', ratio(stats.sharpe)],
      ['Sortino ratio', ratio(stats.sortino)],
      ['Max drawdown', percent(stats.maxDrawdown)],
      ['Max drawdown duration', `${stats.maxDrawdownDays} days`],
      ['Calmar ratio', ratio(stats.calmar)],
      ['Closing fills (trades)', String(stats.closedTrades)],
      ['Win rate', percent(stats.winRate)],
      ['Profit factor', ratio(stats.profitFactor)],
      ['Expectancy per trade', stats.expectancyMinor === null ? 'n/a' : money(Math.round(stats.expectancyMinor), currency)],
    ],
    charts: [
      { title: `Equity (${currency})`, unit: 'money', times: series.days, values: series.equityMinor.map((v) => v), area: false },
      { title: 'Drawdown', unit: 'percent', times: series.days, values: stats.drawdown.map((v) => -v), area: true },
    ],
    tables: [
      {
        title: 'Daily series',
        columns: [
          { key: 'day', label: 'Day (UTC)', numeric: false },
          { key: 'equity', label: 'Equity', numeric: true },
          { key: 'netDeposits', label: 'Net deposits', numeric: true },
          { key: 'index', label: 'Time-weighted index', numeric: true },
          { key: 'drawdown', label: 'Drawdown', numeric: true },
        ],
        rows: series.days.map((day, i) => [
          new Date(day).toISOString().slice(0, 10),
          money(series.equityMinor[i]!, currency),
          money(series.netDepositsMinor[i]!, currency),
          Number.isFinite(stats.index[i]!) ? stats.index[i]!.toFixed(6) : 'n/a',
          percent(Number.isFinite(stats.drawdown[i]!) ? stats.drawdown[i]! : null),
        ]),
      },
    ],
    csvTable: 0,
    notes: [
      'Returns are time-weighted: deposits and withdrawals change equity but not the return.',
      'Daily points are the last valuation of each UTC day, carried forward; statistics annualise with 365 days.',
      'Trades are closing fills; their P&L is realised P&L minus the fill\'s fee.',
    ],
  };
}
