// The caller's API keys (GET/POST/DELETE /v1/api-keys): name, scopes, expiry, last use; a new key
// is shown exactly once (the server keeps only its digest); revoking is immediate.
import { useCallback, useEffect, useState } from 'react';
import { useServices } from '../../app/services-context.js';
import { notify } from '../../app/toasts.js';
import { Modal } from '../../ui/modal.js';
import { messageOf } from '../auth/session-controller.js';

interface ApiKey {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const SCOPES = ['read', 'trade', 'admin'] as const;

/** The API keys panel. */
export function ApiKeysPanel() {
  const { http } = useServices();
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read']);
  const [days, setDays] = useState('90');
  const [created, setCreated] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setKeys((await http.get<{ apiKeys: ApiKey[] }>('/v1/api-keys')).apiKeys);
    } catch (error) {
      notify('error', `API keys: ${messageOf(error)}`);
    }
  }, [http]);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async () => {
    try {
      const answer = await http.post<{ key: string }>('/v1/api-keys', { name: name.trim(), scopes, expiresInDays: Number(days) });
      setCreated(answer.key);
      setName('');
      await load();
    } catch (error) {
      notify('error', `Key not created: ${messageOf(error)}`);
    }
  };
  const revoke = async (key: ApiKey) => {
    if (!window.confirm(`Revoke "${key.name}"? Programs using it stop working at once.`)) return;
    try {
      await http.delete(`/v1/api-keys/${encodeURIComponent(key.id)}`);
      await load();
    } catch (error) {
      notify('error', `Key not revoked: ${messageOf(error)}`);
    }
  };

  return (
    <div className="panel">
      <div className="panel-toolbar">
        <input className="input" placeholder="Key name" value={name} onChange={(event) => setName(event.target.value)} aria-label="Key name" data-testid="api-key-name" />
        {SCOPES.map((scope) => (
          <label key={scope} className="row">
            <input type="checkbox" checked={scopes.includes(scope)} onChange={(event) => setScopes(event.target.checked ? [...scopes, scope] : scopes.filter((each) => each !== scope))} /> {scope}
          </label>
        ))}
        <input className="input num" style={{ width: 56 }} value={days} onChange={(event) => setDays(event.target.value)} aria-label="Days valid" title="Days valid (1-365)" />
        <button className="btn btn-small btn-primary" disabled={!name.trim() || scopes.length === 0 || !/^\d{1,3}$/.test(days)} onClick={() => void create()} data-testid="api-key-create">
          Create key
        </button>
      </div>
      <div className="panel-body">
        <table className="grid" data-testid="api-keys">
          <thead>
            <tr>
              <th>Name</th>
              <th>Id</th>
              <th>Scopes</th>
              <th>Expires</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td className="num">{key.id}</td>
                <td>{key.scopes.join(', ')}</td>
                <td>{key.expiresAt.slice(0, 10)}</td>
                <td>{key.lastUsedAt ? key.lastUsedAt.slice(0, 16).replace('T', ' ') : 'never'}</td>
                <td>{key.revokedAt ? 'revoked' : <button className="btn btn-small" onClick={() => void revoke(key)} data-testid="api-key-revoke">Revoke</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {created && (
        <Modal title="API key created" onClose={() => setCreated(null)} testId="api-key-created">
          <p>Copy the key now: it is shown only once.</p>
          <pre className="num" style={{ userSelect: 'text', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="api-key-secret">
            {created}
          </pre>
          <button className="btn btn-primary" onClick={() => setCreated(null)}>
            Done
          </button>
        </Modal>
      )}
    </div>
  );
}
