// Price and indicator alerts: what a rule watches, when it fires, and how rules are read back from
// the preferences document (where they are saved per user, on the server or offline).
// Firing is edge-triggered: a rule fires when its condition turns true between two observations,
// so a rule that stays satisfied fires once, and fires again only after the value has left and
// re-entered the condition. `at-or-above`/`at-or-below` also fire on the first observation (an
// alert set below the market fires at once, as traders expect); `crosses-*` need a previous
// observation on the other side. A one-shot rule disarms after firing.
// Known limit: rules are evaluated in the workstation while it runs (client-side alerts), on the
// same live feed the panels use, so a closed app does not alert.
import { BAR_INTERVALS, type BarInterval } from '@kestrel/shared';

/** When a rule fires, relative to its threshold. */
export const ALERT_CONDITIONS = ['at-or-above', 'at-or-below', 'crosses-above', 'crosses-below'] as const;
/** One condition. */
export type AlertCondition = (typeof ALERT_CONDITIONS)[number];

/** Indicators a rule can watch (computed with the shared TA-Lib-exact library). */
export const ALERT_INDICATORS = ['rsi', 'sma', 'ema'] as const;
/** One indicator. */
export type AlertIndicator = (typeof ALERT_INDICATORS)[number];

/** What a rule watches: the last price, or an indicator over a symbol's bars. */
export type AlertSubject = { kind: 'last' } | { kind: 'indicator'; indicator: AlertIndicator; period: number; interval: BarInterval };

/** One alert rule. Thresholds of the last price, SMA and EMA are ticks; of RSI, points (0–100). */
export interface AlertRule {
  id: string;
  symbol: string;
  subject: AlertSubject;
  condition: AlertCondition;
  threshold: number;
  /** Disarm after the first firing. */
  once: boolean;
  armed: boolean;
  /** The last firing: when (ISO time) and the value that fired it. */
  lastFired: { time: string; value: number } | null;
}

/** True when `value` satisfies the level part of `condition`. */
function satisfied(condition: AlertCondition, threshold: number, value: number): boolean {
  return condition === 'at-or-above' || condition === 'crosses-above' ? value >= threshold : value <= threshold;
}

/** Whether a rule fires on `current`, given the previous observation (undefined: none yet). */
export function fires(rule: Pick<AlertRule, 'condition' | 'threshold' | 'armed'>, previous: number | undefined, current: number): boolean {
  if (!rule.armed || !Number.isFinite(current)) return false;
  if (!satisfied(rule.condition, rule.threshold, current)) return false;
  if (previous === undefined || !Number.isFinite(previous)) return rule.condition === 'at-or-above' || rule.condition === 'at-or-below';
  return !satisfied(rule.condition, rule.threshold, previous);
}

/** The key of the value a rule watches; rules with the same key share one computation. */
export function subjectKey(symbol: string, subject: AlertSubject): string {
  return subject.kind === 'last' ? `last:${symbol}` : `${subject.indicator}:${subject.period}:${subject.interval}:${symbol}`;
}

/** How a rule reads, e.g. "AAPL RSI(14, 1m) crosses above 70". */
export function describeSubject(subject: AlertSubject): string {
  return subject.kind === 'last' ? 'last' : `${subject.indicator.toUpperCase()}(${subject.period}, ${subject.interval})`;
}

/** True when the threshold is a price in ticks (as opposed to RSI points). */
export function thresholdIsPrice(subject: AlertSubject): boolean {
  return subject.kind === 'last' || subject.indicator !== 'rsi';
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readSubject(value: unknown): AlertSubject | null {
  if (!isRecord(value)) return null;
  if (value['kind'] === 'last') return { kind: 'last' };
  const { indicator, period, interval } = value;
  if (value['kind'] !== 'indicator' || !ALERT_INDICATORS.includes(indicator as AlertIndicator)) return null;
  if (!Number.isInteger(period) || (period as number) < 2 || (period as number) > 500) return null;
  if (!BAR_INTERVALS.includes(interval as BarInterval)) return null;
  return { kind: 'indicator', indicator: indicator as AlertIndicator, period: period as number, interval: interval as BarInterval };
}

/** One rule from the stored document, or null when it is not a valid rule (dropped, never guessed). */
export function readRule(value: unknown): AlertRule | null {
  if (!isRecord(value)) return null;
  const subject = readSubject(value['subject']);
  const { id, symbol, condition, threshold } = value;
  if (subject === null || typeof id !== 'string' || typeof symbol !== 'string' || !/^[A-Z0-9._-]{1,32}$/.test(symbol)) return null;
  if (!ALERT_CONDITIONS.includes(condition as AlertCondition) || typeof threshold !== 'number' || !Number.isFinite(threshold)) return null;
  if (thresholdIsPrice(subject) && !Number.isSafeInteger(threshold)) return null;
  const fired = value['lastFired'];
  return {
    id,
    symbol,
    subject,
    condition: condition as AlertCondition,
    threshold,
    once: value['once'] !== false,
    armed: value['armed'] !== false,
    lastFired: isRecord(fired) && typeof fired['time'] === 'string' && typeof fired['value'] === 'number' ? { time: fired['time'], value: fired['value'] } : null,
  };
}

/** The valid rules of a stored `alerts` value (anything else reads as no rules). */
export function readRules(value: unknown): AlertRule[] {
  if (!Array.isArray(value)) return [];
  return value.map(readRule).filter((rule): rule is AlertRule => rule !== null);
}
