// Evaluates armed alert rules on the live market feed. One subscription per watched value
// (`subjectKey`), however many rules share it: the last price from the quote feed, or an
// indicator over a symbol's bars (history loaded once, then the feed's live bars merged in by
// time, so the forming bar's value counts, as on a chart). Each rule remembers its own previous
// observation, so a rule added while the market already sits beyond its threshold is evaluated
// on the next value as a first observation (alert-rule.ts, `fires`).
// Invariants: a value that cannot be computed (no trade yet, not enough bars) is not an
// observation — it never fires a rule and never resets a crossing; the watcher holds no timers of
// its own (the feed's pollers or stream drive it), and stop() releases every subscription.
import { ema, rsi, sma } from '@kestrel/shared';
import type { BarInterval } from '@kestrel/shared';
import type { Bar } from '../../api/market-data-api.js';
import type { MarketFeed } from '../market/market-feed.js';
import { fires, subjectKey, type AlertIndicator, type AlertRule, type AlertSubject } from './alert-rule.js';

/** Where the watcher gets its data. */
export interface AlertSources {
  feed: () => MarketFeed;
  /** The newest `count` bars of a series, oldest first. */
  history: (symbol: string, interval: BarInterval, count: number) => Promise<Bar[]>;
}

/** Called when a rule fires, with the value that fired it. */
export type FireListener = (rule: AlertRule, value: number) => void;

interface Subscription {
  stop: () => void;
  /** The newest observation, replayed to rules that join later. */
  latest: number | undefined;
}

/** The latest value of an indicator over bar closes (NaN when there are too few bars). */
export function indicatorValue(indicator: AlertIndicator, period: number, bars: readonly Bar[]): number {
  const closes = bars.map((bar) => bar.close);
  const series = indicator === 'rsi' ? rsi(closes, { period }) : indicator === 'sma' ? sma(closes, { period }) : ema(closes, { period });
  return series.length === 0 ? Number.NaN : series[series.length - 1]!;
}

/** Merges live bars into a time-ordered series (same time replaces, newer appends), keeping at most `keep`. */
export function mergeBars(series: Bar[], live: readonly Bar[], keep: number): Bar[] {
  const merged = [...series];
  for (const bar of live) {
    const last = merged[merged.length - 1];
    if (last && last.time === bar.time) merged[merged.length - 1] = bar;
    else if (!last || bar.time > last.time) merged.push(bar);
  }
  return merged.length > keep ? merged.slice(merged.length - keep) : merged;
}

/** Bars kept for an indicator: enough for its warm-up to settle (Wilder and EMA smoothing). */
export function barsNeeded(period: number): number {
  return Math.min(2_000, Math.max(period * 5, period + 50));
}

/** Watches the values armed rules depend on and reports firings. */
export class AlertWatcher {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly previous = new Map<string, number>();
  private rules: readonly AlertRule[] = [];

  constructor(
    private readonly sources: AlertSources,
    private readonly onFire: FireListener,
  ) {}

  /** Watches exactly what `rules` need (armed ones only) and evaluates rules that are new. */
  sync(rules: readonly AlertRule[]): void {
    this.rules = rules.filter((rule) => rule.armed);
    const wanted = new Map(this.rules.map((rule) => [subjectKey(rule.symbol, rule.subject), rule] as const));
    for (const [key, subscription] of this.subscriptions) {
      if (wanted.has(key)) continue;
      subscription.stop();
      this.subscriptions.delete(key);
    }
    const ids = new Set(this.rules.map((rule) => rule.id));
    for (const id of this.previous.keys()) if (!ids.has(id)) this.previous.delete(id);
    for (const [key, rule] of wanted) {
      const existing = this.subscriptions.get(key);
      if (existing) {
        if (existing.latest !== undefined) this.observe(key, existing.latest, (each) => !this.previous.has(each.id));
        continue;
      }
      this.subscriptions.set(key, this.subscribe(key, rule.symbol, rule.subject));
    }
  }

  /** Drops every subscription (e.g. before the feed is replaced); sync() subscribes again. */
  stop(): void {
    for (const subscription of this.subscriptions.values()) subscription.stop();
    this.subscriptions.clear();
  }

  private subscribe(key: string, symbol: string, subject: AlertSubject): Subscription {
    const subscription: Subscription = { stop: () => undefined, latest: undefined };
    const emit = (value: number) => {
      if (!Number.isFinite(value) || this.subscriptions.get(key) !== subscription) return;
      subscription.latest = value;
      this.observe(key, value, () => true);
    };
    if (subject.kind === 'last') {
      subscription.stop = this.sources.feed().watchQuote(symbol, (result) => {
        if (result.ok && result.value.last !== null) emit(result.value.last);
      });
      return subscription;
    }
    const keep = barsNeeded(subject.period);
    let series: Bar[] | null = null;
    const pending: Bar[] = [];
    let stopped = false;
    void this.sources.history(symbol, subject.interval, keep).then(
      (bars) => {
        if (stopped) return;
        series = mergeBars(bars, pending, keep);
        emit(indicatorValue(subject.indicator, subject.period, series));
      },
      () => {
        // No history: evaluate on live bars alone once there are enough of them.
        series = [...pending];
      },
    );
    const stopBars = this.sources.feed().watchBars(symbol, subject.interval, (result) => {
      if (!result.ok) return;
      if (series === null) {
        pending.push(...result.value);
        return;
      }
      series = mergeBars(series, result.value, keep);
      emit(indicatorValue(subject.indicator, subject.period, series));
    });
    subscription.stop = () => {
      stopped = true;
      stopBars();
    };
    return subscription;
  }

  private observe(key: string, value: number, include: (rule: AlertRule) => boolean): void {
    for (const rule of this.rules) {
      if (subjectKey(rule.symbol, rule.subject) !== key || !include(rule)) continue;
      const previous = this.previous.get(rule.id);
      this.previous.set(rule.id, value);
      if (fires(rule, previous, value)) this.onFire(rule, value);
    }
  }
}
