// Risk controls (risk and admin roles): the firm-wide kill switch — halt all trading, reduce-only,
// or cancel everything — with a reason, and the default per-account limits. Each setting shows
// whether the execution service has applied it (the engine's answer), because a switch that was
// requested but not yet in force must not look like one that is.
import { useCallback, useEffect, useState } from 'react';
import { KILL_SWITCH_MODES, type KillSwitchMode, type RiskLimits } from '@kestrel/shared';
import type { KillSwitchSetting, RiskLimitsSetting } from '../../api/risk-api.js';
import { useServices, useVanilla } from '../../app/services-context.js';
import { notify } from '../../app/toasts.js';
import { messageOf } from '../auth/session-controller.js';
import { formatTime } from '../market/format.js';

const MODE_LABELS: Record<KillSwitchMode, string> = { off: 'Off (trading allowed)', halt: 'Halt: refuse new orders', reduce_only: 'Reduce only', cancel_all: 'Cancel all and halt' };
const LIMIT_FIELDS: ReadonlyArray<{ key: keyof RiskLimits; label: string }> = [
  { key: 'maxOrderQuantityLots', label: 'Max order quantity (lots)' },
  { key: 'maxOrderNotionalTickLots', label: 'Max order notional (ticks × lots)' },
  { key: 'maxPositionLots', label: 'Max position per symbol (lots)' },
  { key: 'maxOpenOrders', label: 'Max open orders' },
  { key: 'maxDailyLossTickLots', label: 'Max daily loss (ticks × lots)' },
  { key: 'priceCollarBps', label: 'Price collar (bps from reference)' },
];

function appliedText(setting: { applied: boolean | null; appliedReason: string | null; updatedAt: string }): string {
  if (setting.applied === null) return `requested ${formatTime(setting.updatedAt)}, waiting for execution`;
  return setting.applied ? `in force since ${formatTime(setting.updatedAt)}` : `refused by execution: ${setting.appliedReason ?? ''}`;
}

/** The risk panel. */
export function RiskPanel() {
  const { risk, session } = useServices();
  const role = useVanilla(session.view, (view) => (view.status === 'signed-in' ? view.me.role : null));
  const [switches, setSwitches] = useState<KillSwitchSetting[]>([]);
  const [limits, setLimits] = useState<RiskLimitsSetting[]>([]);
  const [mode, setMode] = useState<KillSwitchMode>('halt');
  const [reason, setReason] = useState('');
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [nextSwitches, nextLimits] = await Promise.all([risk.killSwitches(), risk.limits()]);
      setSwitches(nextSwitches);
      setLimits(nextLimits);
      setError(null);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, [risk]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 3000);
    return () => clearInterval(timer);
  }, [load]);

  const defaults = limits.find((setting) => setting.scope === 'default');
  useEffect(() => {
    const values: Record<string, string> = {};
    for (const field of LIMIT_FIELDS) {
      const value = defaults?.limits?.[field.key];
      values[field.key] = value === undefined ? '' : String(value);
    }
    setDraft(values);
  }, [defaults?.updatedAt, defaults?.limits]);

  if (role !== 'admin' && role !== 'risk') return <div className="panel panel-empty">Only the risk and admin roles see risk controls.</div>;
  const global = switches.find((each) => each.scope === 'global');

  const applySwitch = async () => {
    if (mode !== 'off' && !window.confirm(`${MODE_LABELS[mode]} for the whole firm?`)) return;
    try {
      await risk.setKillSwitch(mode, reason.trim());
      notify(mode === 'off' ? 'success' : 'error', `Kill switch: ${MODE_LABELS[mode]}`);
      setReason('');
      await load();
    } catch (failure) {
      notify('error', `Kill switch refused: ${messageOf(failure)}`);
    }
  };

  const saveLimits = async () => {
    const next: RiskLimits = {};
    for (const field of LIMIT_FIELDS) {
      const text = (draft[field.key] ?? '').trim().replace(/,/g, '');
      if (text === '') continue;
      if (!/^\d{1,16}$/.test(text)) return notify('error', `${field.label} must be a whole number`);
      (next as Record<string, number>)[field.key] = Number(text);
    }
    try {
      await risk.setLimits('default', next);
      notify('success', 'Default limits sent to execution');
      await load();
    } catch (failure) {
      notify('error', `Limits refused: ${messageOf(failure)}`);
    }
  };

  return (
    <div className="panel">
      <div className="panel-body">
        <div className="ticket" data-testid="risk-panel">
          {error && <div className="banner banner-error">{error}</div>}
          <b>Firm-wide kill switch</b>
          <div className={`banner${global && global.mode !== 'off' ? ' banner-error' : ''}`} data-testid="kill-switch-state">
            {global ? `${MODE_LABELS[global.mode]} — ${global.reason} (${appliedText(global)})` : 'Off: never set'}
          </div>
          <div className="row">
            <select className="select" value={mode} onChange={(event) => setMode(event.target.value as KillSwitchMode)} aria-label="Kill switch mode" data-testid="kill-switch-mode">
              {KILL_SWITCH_MODES.map((each) => (
                <option key={each} value={each}>
                  {MODE_LABELS[each]}
                </option>
              ))}
            </select>
            <input className="input" style={{ flex: 1 }} placeholder="Reason (required)" value={reason} onChange={(event) => setReason(event.target.value)} data-testid="kill-switch-reason" />
            <button className={`btn ${mode === 'off' ? 'btn-primary' : 'btn-sell'}`} disabled={reason.trim() === ''} onClick={() => void applySwitch()} data-testid="kill-switch-apply">
              Apply
            </button>
          </div>
          <b>Default limits per account</b>
          <div className="muted">{defaults ? appliedText(defaults) : 'Not set: the engine defaults apply'}</div>
          <div className="ticket-grid">
            {LIMIT_FIELDS.map((field) => (
              <label className="field" key={field.key}>
                <span>{field.label}</span>
                <input className="input num" value={draft[field.key] ?? ''} placeholder="no limit" onChange={(event) => setDraft({ ...draft, [field.key]: event.target.value })} />
              </label>
            ))}
          </div>
          <div className="row">
            <span className="spacer" />
            <button className="btn btn-primary" onClick={() => void saveLimits()}>
              Save limits
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}
