// Picks the trading account of a panel; offers to open a first cash account when there is none.
import { useState } from 'react';
import type { Account } from '@kestrel/shared';
import { useServices } from '../../app/services-context.js';
import { notify } from '../../app/toasts.js';
import { messageOf } from '../auth/session-controller.js';

/** The account chooser. */
export function AccountSelect({ accounts, value, onChange }: { accounts: Account[] | null; value: string | null; onChange: (id: string) => void }) {
  const { portfolio, trading } = useServices();
  const [busy, setBusy] = useState(false);
  if (accounts && accounts.length === 0) {
    const open = async () => {
      setBusy(true);
      try {
        const account = await portfolio.openAccount({ name: 'Trading', currency: 'USD', type: 'cash' });
        onChange(account.id);
        trading.refresh();
      } catch (error) {
        notify('error', `Account not opened: ${messageOf(error)}`);
      } finally {
        setBusy(false);
      }
    };
    return (
      <button className="btn btn-small" disabled={busy} onClick={() => void open()} data-testid="open-account">
        Open a USD cash account
      </button>
    );
  }
  return (
    <select className="select" value={value ?? ''} onChange={(event) => onChange(event.target.value)} aria-label="Account" data-testid="account-select">
      {!value && <option value="">{accounts === null ? 'Loading accounts…' : 'Account…'}</option>}
      {(accounts ?? []).map((account) => (
        <option key={account.id} value={account.id}>
          {account.name} ({account.currency} {account.type})
        </option>
      ))}
    </select>
  );
}
