// The Paper trading panel's pure logic: paper cash typed in decimals turned into exact minor
// units with an idempotency reference, the replay-session form checked and turned into the
// simulation service's request, the replay's position as a fraction (for the seek slider) and
// back, a paper order's form turned into lots and exact ticks, and the status lines. Invariants:
// money and prices never pass through a float (shared decimalToMinor / priceToTicks refuse what
// is not exact); a form with any problem produces no request. Times in the session form are UTC.
import { SymbolSchema, decimalToMinor, priceToTicks } from '@kestrel/shared';
import type { CreateSessionRequest, PaperPerformance, ReplayOrderRequest, ReplaySession, ReplaySpeed } from '../../api/simulation-api.js';

/** The outcome of checking a form. */
export type Checked<T> = { ok: true; body: T } | { ok: false; problems: string[] };

/** The replay-session form (text as typed; times are YYYY-MM-DDTHH:MM[:SS] in UTC). */
export interface SessionForm {
  symbol: string;
  kind: 'trades' | 'bars';
  interval: string;
  from: string;
  to: string;
  speed: string;
}

/** The paper order form. */
export interface ReplayOrderForm {
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  quantity: string;
  limitPrice: string;
}

const SYMBOL_PATTERN = new RegExp(SymbolSchema.pattern ?? '^[A-Z0-9.]+$');
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
const MAX_SPEED = 1_000_000;

/** The form of a new session: the first half hour of the LOBSTER AAPL sample day, 10× real time. */
export function initialSessionForm(): SessionForm {
  return { symbol: 'AAPL', kind: 'trades', interval: '1m', from: '2012-06-21T13:30', to: '2012-06-21T14:00', speed: '10' };
}

/** A replay speed typed as "10", "0.5" or "max"; null when it is neither. */
export function parseSpeed(text: string): ReplaySpeed | null {
  const lower = text.trim().toLowerCase();
  if (lower === 'max') return 'max';
  const trimmed = lower.replace(/x$/, '');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  const speed = Number(trimmed);
  return speed > 0 && speed <= MAX_SPEED ? speed : null;
}

/** An ISO instant of a UTC date-time typed in the form, or null. */
export function utcInstant(text: string): string | null {
  const trimmed = text.trim();
  if (!LOCAL_TIME.test(trimmed)) return null;
  const ms = Date.parse(`${trimmed}Z`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The POST /v1/replay-sessions body, or what is wrong with the form. */
export function sessionRequestOf(form: SessionForm, paperAccountId: string | null, play = true): Checked<CreateSessionRequest> {
  const problems: string[] = [];
  if (!paperAccountId) problems.push('Open a paper account first');
  const symbol = form.symbol.trim().toUpperCase();
  if (!SYMBOL_PATTERN.test(symbol)) problems.push('Symbol is not valid');
  const from = utcInstant(form.from);
  const to = utcInstant(form.to);
  if (!from) problems.push('From must be a date and time (UTC)');
  if (!to) problems.push('To must be a date and time (UTC)');
  if (from && to && Date.parse(to) <= Date.parse(from)) problems.push('To must be after From');
  const speed = parseSpeed(form.speed);
  if (speed === null) problems.push(`Speed must be a positive multiple of real time (at most ${MAX_SPEED}) or "max"`);
  if (problems.length > 0) return { ok: false, problems };
  const body: CreateSessionRequest = { paperAccountId: paperAccountId!, symbol, kind: form.kind, from: from!, to: to!, speed: speed!, play };
  if (form.kind === 'bars') body.interval = form.interval;
  return { ok: true, body };
}

/** How far the replay is through its range, 0–1 (0 without a replay). */
export function replayProgress(session: Pick<ReplaySession, 'replay'>): number {
  const replay = session.replay;
  if (!replay) return 0;
  const from = Date.parse(replay.from);
  const span = Date.parse(replay.to) - from;
  if (!(span > 0)) return 0;
  return Math.min(1, Math.max(0, (Date.parse(replay.position) - from) / span));
}

/** The instant at `fraction` (0–1) of the replay's range, whole seconds, for a seek. */
export function seekTimeAt(session: Pick<ReplaySession, 'replay'>, fraction: number): string | null {
  const replay = session.replay;
  if (!replay) return null;
  const from = Date.parse(replay.from);
  const to = Date.parse(replay.to);
  const clamped = Math.min(1, Math.max(0, fraction));
  const ms = Math.floor((from + (to - from) * clamped) / 1000) * 1000;
  return new Date(Math.min(Math.max(ms, from), to)).toISOString();
}

/** The POST /v1/replay-sessions/{id}/orders body; prices are exact ticks of `tickSize`. */
export function replayOrderRequestOf(form: ReplayOrderForm, tickSize: string | null, clientOrderId?: string): Checked<ReplayOrderRequest> {
  const problems: string[] = [];
  const quantityText = form.quantity.trim();
  const quantityLots = /^\d+$/.test(quantityText) ? Number(quantityText) : NaN;
  if (!Number.isSafeInteger(quantityLots) || quantityLots < 1) problems.push('Quantity must be a whole number of lots (at least 1)');
  const body: ReplayOrderRequest = { side: form.side, type: form.type, quantityLots };
  if (form.type === 'limit') {
    if (!tickSize) problems.push('The instrument is not known, so a limit price cannot be converted to ticks');
    else {
      try {
        const ticks = priceToTicks(form.limitPrice.trim(), tickSize);
        if (ticks <= 0) problems.push('Limit price must be above zero');
        else body.limitPriceTicks = ticks;
      } catch {
        problems.push(`Limit price must be a price on the ${tickSize} tick grid`);
      }
    }
  }
  if (clientOrderId) body.clientOrderId = clientOrderId;
  return problems.length > 0 ? { ok: false, problems } : { ok: true, body };
}

/** A paper deposit typed in decimals: exact minor units and a fresh idempotency reference. */
export function depositOf(amount: string, currency: string, reference: string): Checked<{ amountMinor: number; reference: string }> {
  let amountMinor: number;
  try {
    amountMinor = decimalToMinor(amount.trim(), currency);
  } catch {
    return { ok: false, problems: [`Amount must be a ${currency} amount with at most its minor digits`] };
  }
  if (amountMinor < 1) return { ok: false, problems: ['Amount must be above zero'] };
  return { ok: true, body: { amountMinor, reference } };
}

/** A reference the service accepts (^[A-Za-z0-9._:/-]{1,64}$), unique per click. */
export function depositReference(now = Date.now(), random = Math.random): string {
  return `desk:${now.toString(36)}:${Math.floor(random() * 36 ** 6).toString(36)}`;
}

const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(2)}%`);

/** The one-line performance summary. */
export function describePerformance(performance: PaperPerformance, money: (minor: number | null) => string): string {
  return [
    `return ${percent(performance.totalReturn)}`,
    `P&L ${money(performance.totalPnlMinor)}`,
    `max DD ${percent(performance.maxDrawdown)}`,
    `vol ${percent(performance.volatility)}`,
    `Sharpe ${performance.sharpe === null ? '–' : performance.sharpe.toFixed(2)}`,
    `win ${percent(performance.winRate)}`,
    `${performance.periods} ${performance.interval} periods`,
  ].join(' · ');
}

/** The session's status line: "playing · 10× · 2012-06-21 13:45:02 UTC · 120 prints · 2 fills · 1 open". */
export function describeSession(session: ReplaySession): string {
  const replay = session.replay;
  const parts = replay ? [replay.state, replay.speed === 'max' ? 'max speed' : `${replay.speed}×`, `${replay.position.replace('T', ' ').slice(0, 19)} UTC`] : ['ended'];
  parts.push(`${session.prints} prints`, `${session.fills} fills`, `${session.openOrders} open`);
  return parts.join(' · ');
}
