// The alerts the user has set: kept in the preferences document (`alerts`, saved per user on the
// suite, or in the offline suite), evaluated by the AlertWatcher while the workstation runs, and
// announced as a desktop notification plus an in-app toast when one fires. The firing is written
// back to the rule (when, at what value; one-shot rules disarm), and kept in a session log.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { notify } from '../../app/toasts.js';
import type { PreferencesController } from '../preferences/preferences-store.js';
import { describeSubject, type AlertRule } from './alert-rule.js';
import { AlertWatcher, type AlertSources } from './alert-watcher.js';
import { showDesktopNotification } from './desktop-notification.js';

/** One firing in this session's log. */
export interface AlertFiring {
  ruleId: string;
  text: string;
  time: string;
}

/** The session log, newest first (at most 100). */
export interface AlertLog {
  firings: AlertFiring[];
}

/** A rule as the user enters it (the controller assigns the id and arms it). */
export type NewAlertRule = Omit<AlertRule, 'id' | 'armed' | 'lastFired'>;

/** How a fired rule reads in a notification, with the value formatted by `format`. */
export function firingText(rule: AlertRule, value: string, threshold: string): string {
  return `${rule.symbol} ${describeSubject(rule.subject)} ${rule.condition.replace(/-/g, ' ')} ${threshold}: now ${value}`;
}

/** Creates, changes and watches the user's alert rules. */
export class AlertsController {
  readonly log: StoreApi<AlertLog> = createStore<AlertLog>(() => ({ firings: [] }));
  private readonly watcher: AlertWatcher;
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly preferences: PreferencesController,
    sources: AlertSources,
    /** Formats a rule's value or threshold for display (prices in the instrument's units). */
    private readonly format: (rule: AlertRule, value: number) => string,
  ) {
    this.watcher = new AlertWatcher(sources, (rule, value) => this.fired(rule, value));
  }

  /** Starts (or restarts, after the feed changed) watching the saved rules. */
  start(): void {
    this.stop();
    // Deferred: a firing changes the rules from inside the watcher's own evaluation.
    this.stopListening = this.preferences.store.subscribe((state, before) => {
      if (state.alerts !== before.alerts) queueMicrotask(() => this.watcher.sync(this.preferences.store.getState().alerts));
    });
    this.watcher.sync(this.rules());
  }

  /** Stops watching (sign-out). */
  stop(): void {
    this.stopListening?.();
    this.stopListening = null;
    this.watcher.stop();
  }

  rules(): readonly AlertRule[] {
    return this.preferences.store.getState().alerts;
  }

  add(rule: NewAlertRule): AlertRule {
    const created: AlertRule = { ...rule, id: crypto.randomUUID(), armed: true, lastFired: null };
    this.save([...this.rules(), created]);
    return created;
  }

  remove(id: string): void {
    this.save(this.rules().filter((rule) => rule.id !== id));
  }

  /** Arms or disarms a rule. */
  setArmed(id: string, armed: boolean): void {
    this.save(this.rules().map((rule) => (rule.id === id ? { ...rule, armed } : rule)));
  }

  private save(rules: AlertRule[]): void {
    this.preferences.update({ alerts: rules });
  }

  private fired(rule: AlertRule, value: number): void {
    const time = new Date().toISOString();
    this.save(this.rules().map((each) => (each.id === rule.id ? { ...each, armed: each.armed && !each.once, lastFired: { time, value } } : each)));
    const text = firingText(rule, this.format(rule, value), this.format(rule, rule.threshold));
    this.log.setState((state) => ({ firings: [{ ruleId: rule.id, text, time }, ...state.firings].slice(0, 100) }));
    notify('info', `Alert: ${text}`, 8_000);
    showDesktopNotification('Kestrel alert', text);
  }
}
