// Alerts: set price alerts (last trade at or beyond a level, or crossing it) and indicator alerts
// (RSI, SMA or EMA of a bar series against a level), see which are armed and when each last
// fired, arm/disarm and delete them, and read this session's firings. Prices are typed as decimal
// text and stored as exact ticks of the instrument (off-tick prices are refused, as in the ticket).
import { useState } from 'react';
import { BAR_INTERVALS, priceTicksOf, type BarInterval } from '@kestrel/shared';
import { useStore } from 'zustand';
import { useServices } from '../../app/services-context.js';
import { notify } from '../../app/toasts.js';
import { messageOf } from '../auth/session-controller.js';
import { formatPrice } from '../market/format.js';
import { ALERT_CONDITIONS, ALERT_INDICATORS, describeSubject, thresholdIsPrice, type AlertCondition, type AlertRule, type AlertSubject } from './alert-rule.js';
import { requestNotificationPermission } from './desktop-notification.js';

type SubjectChoice = 'last' | (typeof ALERT_INDICATORS)[number];

interface Form {
  symbol: string;
  subject: SubjectChoice;
  period: string;
  interval: BarInterval;
  condition: AlertCondition;
  threshold: string;
  once: boolean;
}

const EMPTY: Form = { symbol: '', subject: 'last', period: '14', interval: '1m', condition: 'at-or-above', threshold: '', once: true };

/** The alerts panel. */
export function AlertsPanel() {
  const { alerts, preferences, instruments } = useServices();
  const rules = useStore(preferences.store, (state) => state.alerts);
  const firings = useStore(alerts.log, (state) => state.firings);
  const known = useStore(instruments, (state) => state.bySymbol);
  const [form, setForm] = useState<Form>(EMPTY);
  const set = (change: Partial<Form>) => setForm((current) => ({ ...current, ...change }));

  const thresholdText = (rule: AlertRule, value: number) =>
    thresholdIsPrice(rule.subject) ? formatPrice(known.get(rule.symbol), Math.round(value)) : value.toFixed(2);

  const add = () => {
    const symbol = form.symbol.trim().toUpperCase();
    const instrument = known.get(symbol);
    if (!instrument) return notify('error', `Unknown symbol ${symbol || '(empty)'}`);
    const subject: AlertSubject =
      form.subject === 'last' ? { kind: 'last' } : { kind: 'indicator', indicator: form.subject, period: Number(form.period), interval: form.interval };
    if (subject.kind === 'indicator' && (!Number.isInteger(subject.period) || subject.period < 2 || subject.period > 500)) {
      return notify('error', 'The period must be a whole number from 2 to 500');
    }
    let threshold: number;
    try {
      threshold = thresholdIsPrice(subject) ? priceTicksOf(instrument, form.threshold.trim()) : Number(form.threshold);
    } catch (error) {
      return notify('error', `Level: ${messageOf(error)}`);
    }
    if (!Number.isFinite(threshold) || form.threshold.trim() === '') return notify('error', 'Enter a level');
    alerts.add({ symbol, subject, condition: form.condition, threshold, once: form.once });
    requestNotificationPermission();
    set({ threshold: '' });
  };

  return (
    <div className="panel" data-testid="alerts-panel">
      <div className="panel-toolbar">
        <input
          className="input symbol-input"
          placeholder="Symbol"
          list="kestrel-symbols"
          aria-label="Alert symbol"
          data-testid="alert-symbol"
          value={form.symbol}
          onChange={(event) => set({ symbol: event.target.value })}
        />
        <select className="input" aria-label="Watch" data-testid="alert-subject" value={form.subject} onChange={(event) => set({ subject: event.target.value as SubjectChoice })}>
          <option value="last">Last price</option>
          {ALERT_INDICATORS.map((indicator) => (
            <option key={indicator} value={indicator}>
              {indicator.toUpperCase()}
            </option>
          ))}
        </select>
        {form.subject !== 'last' && (
          <>
            <input className="input narrow" aria-label="Period" data-testid="alert-period" value={form.period} onChange={(event) => set({ period: event.target.value })} />
            <select className="input" aria-label="Interval" value={form.interval} onChange={(event) => set({ interval: event.target.value as BarInterval })}>
              {BAR_INTERVALS.map((interval) => (
                <option key={interval}>{interval}</option>
              ))}
            </select>
          </>
        )}
        <select className="input" aria-label="Condition" data-testid="alert-condition" value={form.condition} onChange={(event) => set({ condition: event.target.value as AlertCondition })}>
          {ALERT_CONDITIONS.map((condition) => (
            <option key={condition} value={condition}>
              {condition.replace(/-/g, ' ')}
            </option>
          ))}
        </select>
        <input
          className="input narrow"
          placeholder={form.subject === 'rsi' ? 'RSI level' : 'Price'}
          aria-label="Level"
          data-testid="alert-threshold"
          value={form.threshold}
          onChange={(event) => set({ threshold: event.target.value })}
          onKeyDown={(event) => event.key === 'Enter' && add()}
        />
        <label className="check">
          <input type="checkbox" checked={form.once} onChange={(event) => set({ once: event.target.checked })} /> once
        </label>
        <button className="btn btn-small" data-testid="alert-add" onClick={add}>
          Add alert
        </button>
      </div>
      <div className="panel-body">
        <table className="grid" data-testid="alert-rules">
          <thead>
            <tr>
              <th>Symbol</th>
              <th>Watch</th>
              <th>Condition</th>
              <th>Level</th>
              <th>Status</th>
              <th>Last fired</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.id} data-testid={`alert-rule-${rule.symbol}`}>
                <td>
                  <b>{rule.symbol}</b>
                </td>
                <td>{describeSubject(rule.subject)}</td>
                <td>{rule.condition.replace(/-/g, ' ')}</td>
                <td className="num">{thresholdText(rule, rule.threshold)}</td>
                <td data-testid="alert-status">{rule.armed ? 'armed' : 'off'}</td>
                <td data-testid="alert-fired">{rule.lastFired ? `${new Date(rule.lastFired.time).toLocaleTimeString()} at ${thresholdText(rule, rule.lastFired.value)}` : '—'}</td>
                <td>
                  <button className="btn btn-small btn-ghost" onClick={() => alerts.setArmed(rule.id, !rule.armed)}>
                    {rule.armed ? 'Disarm' : 'Arm'}
                  </button>
                  <button className="btn btn-small btn-ghost" aria-label={`Delete alert ${rule.symbol}`} onClick={() => alerts.remove(rule.id)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rules.length === 0 && <p className="muted">No alerts yet.</p>}
        {firings.length > 0 && (
          <ul className="alert-log" data-testid="alert-log">
            {firings.map((firing) => (
              <li key={`${firing.ruleId}:${firing.time}`}>
                <span className="muted">{new Date(firing.time).toLocaleTimeString()}</span> {firing.text}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
