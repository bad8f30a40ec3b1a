// Account summary: equity, cash, buying power, margin, P&L (realised, unrealised, fees) of each
// of the caller's accounts, live, in the account's currency.
import type { Account } from '@kestrel/shared';
import { messageOf } from '../auth/session-controller.js';
import { formatMoney } from '../market/format.js';
import { AccountSelect } from '../trading/account-select.js';
import { useAccounts } from '../trading/use-trading.js';
import { useState } from 'react';

const METRICS: ReadonlyArray<{ label: string; field: keyof Account; pnl?: boolean }> = [
  { label: 'Equity', field: 'equityMinor' },
  { label: 'Cash', field: 'cashMinor' },
  { label: 'Buying power', field: 'buyingPowerMinor' },
  { label: 'Market value', field: 'marketValueMinor' },
  { label: 'Required margin', field: 'requiredMarginMinor' },
  { label: 'Reserved', field: 'reservedMinor' },
  { label: 'Unrealised P&L', field: 'unrealisedPnlMinor', pnl: true },
  { label: 'Realised P&L', field: 'realisedPnlMinor', pnl: true },
  { label: 'Fees', field: 'feesMinor' },
  { label: 'Net deposits', field: 'netDepositsMinor' },
];

/** The account summary panel. */
export function AccountPanel() {
  const result = useAccounts();
  const accounts = result?.ok ? result.value : null;
  const [chosen, setChosen] = useState<string | null>(null);
  const account = accounts?.find((each) => each.id === chosen) ?? accounts?.[0] ?? null;
  return (
    <div className="panel">
      <div className="panel-toolbar">
        <AccountSelect accounts={accounts} value={account?.id ?? null} onChange={setChosen} />
        {account && (
          <span className="muted">
            {account.type} · {account.status} · lots {account.lotMethod}
          </span>
        )}
        <span className="spacer" />
        {result && !result.ok && <span className="error-text">{messageOf(result.error)}</span>}
      </div>
      <div className="panel-body">
        {account ? (
          <div className="metric-grid" data-testid="account-summary">
            {METRICS.map((metric) => {
              const value = account[metric.field] as number;
              const tone = metric.pnl ? (value > 0 ? 'buy-text' : value < 0 ? 'sell-text' : '') : '';
              return (
                <div className="metric" key={metric.field}>
                  <div className="label">{metric.label}</div>
                  <div className={`value num ${tone}`} data-testid={`metric-${metric.field}`}>
                    {formatMoney(value, account.currency)} <span className="muted">{account.currency}</span>
                  </div>
                </div>
              );
            })}
          </div>
        ) : (
          <div className="panel-empty">{result === null ? 'Loading…' : 'No account yet.'}</div>
        )}
      </div>
    </div>
  );
}
