// Command-line parsing of `kestrel backtest`. Invariant: every option is validated here or by the
// domain with a stable code; nothing is silently defaulted except what --help documents.
// Spec syntax for models (also in docs/strategies.md):
//   --commission per-share:0.005[,min=1][,max=50] | per-order:1 | percent:0.1[,min=1]
//                | tiered:0.0035@300000/0.002@3000000/0.0015[,min=0.35]   (repeatable: summed)
//   --slippage   none | ticks:1 | percent:0.05 | volume:0.1[,max=0.05]
import { parseArgs } from 'node:util';
import type { CommissionSpec, SlippageSpec } from '@kestrel/server-strategy';
import { UsageError } from '../args.js';

/** The text of `kestrel backtest --help`. */
export const BACKTEST_HELP = `Usage: kestrel backtest --data <file.csv> --strategy <name|file.ts[#export]> [options]

Runs a strategy over OHLCV bars from a CSV file (header with Date/Open/High/Low/Close/Volume in
any case and order; extra columns such as Adj Close are ignored) and prints the result.

Strategy:
  --strategy <name>            sma-cross, rsi-mean-reversion, breakout, market-maker, or a module
                               path exporting a strategy definition (default export or #name)
  --param <name=value>         A strategy parameter (repeatable), e.g. --param fast=10
  --size <lots>                Shorthand for --param size=<lots>
  --seed <n>                   Seed of ctx.random() (default 1)

Account and data:
  --cash <amount>              Initial cash, decimal, in the CSV's price currency (default 10000)
  --symbol <SYMBOL>            Symbol name (default: from the file name)
  --tick-size <decimal>        Price increment (default: from the prices' decimals)
  --multiplier <n>             Contract multiplier (default 1)
  --utc-offset <minutes>       Offset of the file's clock from UTC (default 0)
  --from <date>, --to <date>   Only bars in this period (YYYY-MM-DD or ISO time; --to inclusive)
  --cash-check                 Reject buys that exceed the free cash (default: no check)
  --no-short                   Reject sells beyond the long position

Fills and costs:
  --fill next-open|close       Market orders fill at the next bar's open (default) or this bar's close
  --limit-fill touch|through   Limit orders fill when the bar touches (default) or trades through
  --max-participation <f>      At most this fraction (0-1] of each bar's volume; rest carried
  --commission <spec>          per-share:R[,min=X][,max=Y] | per-order:X | percent:P[,min=X] |
                               tiered:R1@N1/R2@N2/R3[,min=X] (repeatable: summed)
  --slippage <spec>            none | ticks:N | percent:P | volume:K[,max=F]

Pre-flight data check (refuses missing data and gaps, naming them):
  --allow-gaps                 Run despite gaps (they are listed under warnings)
  --max-idle-bars <n>          Intraday: a hole inside a trading day of at most n bars is a
                               no-trade interval, counted but not a gap (default 15; 0 = every
                               missing bar is a gap). Missing days and longer holes are gaps.
  --strict-sessions            Intraday: refuse days whose data starts late or ends early
                               (default: a warning naming the day, e.g. an early close)
  --calendar auto|xnys|weekdays|all   Expected trading days (default auto)
  --session <HH:MM-HH:MM>      Expected intraday session (default: from the data)
  --holiday <YYYY-MM-DD>       An extra non-trading day (repeatable)
  --interval <1d|1m|5m|...>    Bar interval (default: the most common spacing)

Statistics and output:
  --periods-per-year <n>       Annualisation (default: inferred, 252 for daily bars)
  --risk-free <rate>           Annual risk-free rate for Sharpe/Sortino, e.g. 0.02 (default 0)
  --json                       Print one JSON object
  --trades                     Include the round trips (tradeList)
  --fill-list                  Include every fill (fillList)
  --equity                     Include the equity and drawdown curve (equityCurve)
  -h, --help                   Show this help

Exit codes: 0 ok, 1 strategy failure, 64 bad usage or options, 65 data missing, invalid or with gaps.
Details: docs/strategies.md.
`;

/** A parsed `kestrel backtest` command line. */
export interface BacktestArgs {
  help: boolean;
  data: string;
  strategy: string;
  params: Record<string, string>;
  cash: string;
  symbol?: string;
  tickSize?: string;
  multiplier?: number;
  utcOffsetMinutes?: number;
  from?: number;
  to?: number;
  cashCheck: boolean;
  allowShort: boolean;
  fill: 'next-open' | 'close';
  limitFill: 'touch' | 'through';
  maxParticipation?: number;
  commission: CommissionSpec[];
  slippage?: SlippageSpec;
  seed?: number;
  allowGaps: boolean;
  maxIdleBars?: number;
  strictSessions: boolean;
  calendar?: 'auto' | 'xnys' | 'weekdays' | 'all';
  session?: { firstBar: string; lastBar: string };
  holidays: string[];
  intervalMs?: number;
  periodsPerYear?: number;
  riskFreeRate?: number;
  json: boolean;
  trades: boolean;
  fillList: boolean;
  equity: boolean;
}

const DECIMAL = /^\d+(\.\d+)?$/;

function number(text: string, what: string, check: (n: number) => boolean = Number.isFinite): number {
  const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text.trim()) ? Number(text) : NaN;
  if (!check(value)) throw new UsageError(`${what}: "${text}" is not valid`);
  return value;
}

function integer(text: string, what: string, min = Number.MIN_SAFE_INTEGER): number {
  return number(text, what, (n) => Number.isSafeInteger(n) && n >= min);
}

function decimal(text: string, what: string): string {
  if (!DECIMAL.test(text)) throw new UsageError(`${what}: "${text}" is not a non-negative decimal number`);
  return text;
}

/** "KIND:VALUE,key=value,..." into kind, value and options. */
function specParts(text: string, what: string): { kind: string; value: string; extras: Map<string, string> } {
  const [head = '', ...rest] = text.split(',');
  const colon = head.indexOf(':');
  const kind = colon < 0 ? head : head.slice(0, colon);
  const value = colon < 0 ? '' : head.slice(colon + 1);
  const extras = new Map<string, string>();
  for (const part of rest) {
    const [key, val] = part.split('=');
    if (key === undefined || val === undefined || key === '' || val === '') throw new UsageError(`${what}: "${part}" is not key=value`);
    extras.set(key, val);
  }
  return { kind, value, extras };
}

function rejectExtras(extras: Map<string, string>, allowed: string[], what: string): void {
  for (const key of extras.keys()) if (!allowed.includes(key)) throw new UsageError(`${what}: unknown option "${key}" (allowed: ${allowed.join(', ') || 'none'})`);
}

/** Parses one --commission spec. */
export function parseCommissionSpec(text: string): CommissionSpec {
  const what = `--commission ${text}`;
  const { kind, value, extras } = specParts(text, what);
  const min = extras.get('min');
  switch (kind) {
    case 'per-share': {
      rejectExtras(extras, ['min', 'max'], what);
      const max = extras.get('max');
      return { kind, rate: decimal(value, what), ...(min ? { minimum: decimal(min, what) } : {}), ...(max ? { maximum: decimal(max, what) } : {}) };
    }
    case 'per-order':
      rejectExtras(extras, [], what);
      return { kind, amount: decimal(value, what) };
    case 'percent':
      rejectExtras(extras, ['min'], what);
      return { kind, percent: decimal(value, what), ...(min ? { minimum: decimal(min, what) } : {}) };
    case 'tiered': {
      rejectExtras(extras, ['min'], what);
      const tiers = value.split('/').map((tier, index, all) => {
        const [rate = '', upTo] = tier.split('@');
        if ((upTo === undefined) !== (index === all.length - 1)) throw new UsageError(`${what}: every tier but the last needs @<lots>`);
        return { rate: decimal(rate, what), upToLots: upTo === undefined ? null : integer(upTo, what, 1) };
      });
      return { kind, tiers, ...(min ? { minimum: decimal(min, what) } : {}) };
    }
    default:
      throw new UsageError(`${what}: kind must be per-share, per-order, percent or tiered`);
  }
}

/** Parses a --slippage spec. */
export function parseSlippageSpec(text: string): SlippageSpec {
  const what = `--slippage ${text}`;
  const { kind, value, extras } = specParts(text, what);
  switch (kind) {
    case 'none':
      rejectExtras(extras, [], what);
      return { kind };
    case 'ticks':
      rejectExtras(extras, [], what);
      return { kind, ticks: integer(value, what, 0) };
    case 'percent':
      rejectExtras(extras, [], what);
      return { kind, percent: number(value, what, (n) => n >= 0 && n < 100) };
    case 'volume': {
      rejectExtras(extras, ['max'], what);
      const max = extras.get('max');
      return { kind, coefficient: number(value, what, (n) => n >= 0), ...(max ? { maxFraction: number(max, what, (n) => n >= 0 && n < 1) } : {}) };
    }
    default:
      throw new UsageError(`${what}: kind must be none, ticks, percent or volume`);
  }
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "1d", "5m", "30s" in ms. */
export function parseInterval(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  const value = match ? Number(match[1]) * UNIT_MS[match[2]!]! : NaN;
  if (!(value > 0)) throw new UsageError(`--interval: "${text}" is not like 1d, 1h, 5m, 30s`);
  return value;
}

/** A date or ISO time as ms (UTC); a date-only `to` means the end of that day. */
export function parseTime(text: string, what: string, endOfDay: boolean): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = Date.parse(dateOnly ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms) || (!dateOnly && !/^\d{4}-\d{2}-\d{2}T/.test(text))) throw new UsageError(`${what}: "${text}" is not YYYY-MM-DD or an ISO time`);
  return dateOnly && endOfDay ? ms + 86_399_999 : ms;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${what} must be ${allowed.join(' or ')}, got "${value}"`);
  return value as T;
}

/** Parses the arguments after `backtest`; throws UsageError. */
export function parseBacktestArgs(argv: readonly string[]): BacktestArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        data: { type: 'string' },
        strategy: { type: 'string' },
        param: { type: 'string', multiple: true },
        size: { type: 'string' },
        seed: { type: 'string' },
        cash: { type: 'string' },
        symbol: { type: 'string' },
        'tick-size': { type: 'string' },
        multiplier: { type: 'string' },
        'utc-offset': { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        'cash-check': { type: 'boolean' },
        'no-short': { type: 'boolean' },
        fill: { type: 'string' },
        'limit-fill': { type: 'string' },
        'max-participation': { type: 'string' },
        commission: { type: 'string', multiple: true },
        slippage: { type: 'string' },
        'allow-gaps': { type: 'boolean' },
        'max-idle-bars': { type: 'string' },
        'strict-sessions': { type: 'boolean' },
        calendar: { type: 'string' },
        session: { type: 'string' },
        holiday: { type: 'string', multiple: true },
        interval: { type: 'string' },
        'periods-per-year': { type: 'string' },
        'risk-free': { type: 'string' },
        json: { type: 'boolean' },
        trades: { type: 'boolean' },
        'fill-list': { type: 'boolean' },
        equity: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  const base = { params: {}, commission: [], holidays: [], cashCheck: false, allowShort: true, allowGaps: false, strictSessions: false, json: false, trades: false, fillList: false, equity: false, fill: 'next-open', limitFill: 'touch', cash: '10000', data: '', strategy: '' } as const;
  if (v.help) return { ...base, params: {}, commission: [], holidays: [], help: true };
  if (v.data === undefined) throw new UsageError('backtest needs --data <file.csv>');
  if (v.strategy === undefined) throw new UsageError('backtest needs --strategy <name>');
  const params: Record<string, string> = {};
  for (const entry of v.param ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param "${entry}" is not name=value`);
    params[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  if (v.size !== undefined) params.size = v.size;
  let session: BacktestArgs['session'];
  if (v.session !== undefined) {
    const match = /^(\d{2}:\d{2}(?::\d{2})?)-(\d{2}:\d{2}(?::\d{2})?)$/.exec(v.session);
    if (!match) throw new UsageError(`--session "${v.session}" is not HH:MM-HH:MM`);
    session = { firstBar: match[1]!, lastBar: match[2]! };
  }
  for (const day of v.holiday ?? []) if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new UsageError(`--holiday "${day}" is not YYYY-MM-DD`);
  return {
    help: false,
    data: v.data,
    strategy: v.strategy,
    params,
    cash: decimal(v.cash ?? '10000', '--cash'),
    symbol: v.symbol,
    tickSize: v['tick-size'] === undefined ? undefined : decimal(v['tick-size'], '--tick-size'),
    multiplier: v.multiplier === undefined ? undefined : integer(v.multiplier, '--multiplier', 1),
    utcOffsetMinutes: v['utc-offset'] === undefined ? undefined : integer(v['utc-offset'], '--utc-offset'),
    from: v.from === undefined ? undefined : parseTime(v.from, '--from', false),
    to: v.to === undefined ? undefined : parseTime(v.to, '--to', true),
    cashCheck: v['cash-check'] ?? false,
    allowShort: !(v['no-short'] ?? false),
    fill: oneOf(v.fill, ['next-open', 'close'] as const, '--fill') ?? 'next-open',
    limitFill: oneOf(v['limit-fill'], ['touch', 'through'] as const, '--limit-fill') ?? 'touch',
    maxParticipation: v['max-participation'] === undefined ? undefined : number(v['max-participation'], '--max-participation', (n) => n > 0 && n <= 1),
    commission: (v.commission ?? []).map(parseCommissionSpec),
    slippage: v.slippage === undefined ? undefined : parseSlippageSpec(v.slippage),
    seed: v.seed === undefined ? undefined : integer(v.seed, '--seed'),
    allowGaps: v['allow-gaps'] ?? false,
    maxIdleBars: v['max-idle-bars'] === undefined ? undefined : integer(v['max-idle-bars'], '--max-idle-bars', 0),
    strictSessions: v['strict-sessions'] ?? false,
    calendar: oneOf(v.calendar, ['auto', 'xnys', 'weekdays', 'all'] as const, '--calendar'),
    session,
    holidays: v.holiday ?? [],
    intervalMs: v.interval === undefined ? undefined : parseInterval(v.interval),
    periodsPerYear: v['periods-per-year'] === undefined ? undefined : number(v['periods-per-year'], '--periods-per-year', (n) => n > 0),
    riskFreeRate: v['risk-free'] === undefined ? undefined : number(v['risk-free'], '--risk-free', (n) => n > -1 && n < 10),
    json: v.json ?? false,
    trades: v.trades ?? false,
    fillList: v['fill-list'] ?? false,
    equity: v.equity ?? false,
  };
}
