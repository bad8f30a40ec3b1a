// Administration of accounts (admins only): list, create (the one-time password is shown once),
// change role, disable/enable, unlock. Every action goes through the auth service's admin routes,
// which audit it; the last active admin is protected by the server (AUTH_LAST_ADMIN).
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { AdminUser } from '../../api/admin-api.js';
import { useServices, useVanilla } from '../../app/services-context.js';
import { notify } from '../../app/toasts.js';
import { DataGrid } from '../../ui/data-grid.js';
import { Modal } from '../../ui/modal.js';
import { messageOf } from '../auth/session-controller.js';

const ROLES = ['admin', 'risk', 'trader', 'viewer'] as const;

/** The users panel. */
export function UsersPanel() {
  const { admin, session } = useServices();
  const me = useVanilla(session.view, (view) => (view.status === 'signed-in' ? view.me : null));
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<(typeof ROLES)[number]>('trader');
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);

  const load = useCallback(async () => {
    try {
      setUsers(await admin.users());
      setError(null);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, [admin]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = useCallback(
    async (label: string, action: () => Promise<unknown>) => {
      try {
        await action();
        notify('success', label);
      } catch (failure) {
        notify('error', `${label} failed: ${messageOf(failure)}`);
      }
      await load();
    },
    [load],
  );

  const create = async () => {
    try {
      const answer = await admin.createUser(email.trim(), role);
      setCreated(answer.oneTimePassword ? { email: answer.user.email, password: answer.oneTimePassword } : null);
      setEmail('');
      await load();
    } catch (failure) {
      notify('error', `User not created: ${messageOf(failure)}`);
    }
  };

  const columns = useMemo<Array<ColDef<AdminUser>>>(
    () => [
      { headerName: 'Email', field: 'email', flex: 2, minWidth: 180 },
      {
        headerName: 'Role',
        field: 'role',
        width: 110,
        cellRenderer: (params: ICellRendererParams<AdminUser>) =>
          params.data ? (
            <select className="select" value={params.data.role} onChange={(event) => params.data && void act(`Role of ${params.data.email} changed`, () => admin.updateUser(params.data!.id, { role: event.target.value }))}>
              {ROLES.map((each) => (
                <option key={each}>{each}</option>
              ))}
            </select>
          ) : null,
      },
      { headerName: 'Status', field: 'status', width: 90 },
      { headerName: '2FA', field: 'twoFactorEnabled', width: 60 },
      { headerName: 'Created', field: 'createdAt', width: 170 },
      {
        headerName: '',
        colId: 'actions',
        width: 170,
        sortable: false,
        filter: false,
        cellRenderer: (params: ICellRendererParams<AdminUser>) => {
          const user = params.data;
          if (!user) return null;
          const next = user.status === 'active' ? 'disabled' : 'active';
          return (
            <span className="row">
              <button className="btn btn-small" disabled={user.id === me?.id} onClick={() => void act(`${user.email} ${next === 'active' ? 'enabled' : 'disabled'}`, () => admin.updateUser(user.id, { status: next }))}>
                {next === 'active' ? 'Enable' : 'Disable'}
              </button>
              <button className="btn btn-small" onClick={() => void act(`${user.email} unlocked`, () => admin.unlock(user.id))}>
                Unlock
              </button>
            </span>
          );
        },
      },
    ],
    [act, admin, me],
  );

  if (me?.role !== 'admin') return <div className="panel panel-empty">Only administrators manage users.</div>;
  return (
    <div className="panel">
      <div className="panel-toolbar">
        <input className="input" placeholder="Filter…" value={filter} onChange={(event) => setFilter(event.target.value)} />
        <span className="spacer" />
        <input className="input" placeholder="new.user@example.com" value={email} onChange={(event) => setEmail(event.target.value)} aria-label="New user email" />
        <select className="select" value={role} onChange={(event) => setRole(event.target.value as (typeof ROLES)[number])} aria-label="New user role">
          {ROLES.map((each) => (
            <option key={each}>{each}</option>
          ))}
        </select>
        <button className="btn btn-small btn-primary" disabled={!email.includes('@')} onClick={() => void create()}>
          Create user
        </button>
      </div>
      <div className="panel-body">
        {error ? <div className="panel-empty error-text">{error}</div> : <DataGrid rows={users} columns={columns} quickFilter={filter} testId="users" />}
      </div>
      {created && (
        <Modal title="User created" onClose={() => setCreated(null)}>
          <p>
            One-time password for <b>{created.email}</b> (shown once; they must change it at first sign-in):
          </p>
          <pre className="num" style={{ userSelect: 'text' }}>
            {created.password}
          </pre>
          <button className="btn btn-primary" onClick={() => setCreated(null)}>
            Done
          </button>
        </Modal>
      )}
    </div>
  );
}
