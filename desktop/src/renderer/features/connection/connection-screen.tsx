// Electron only: choose the Kestrel server the app connects to (https, or http on this
// computer). The main process validates and stores it (connection-store.ts); offline mode is
// offered when this build can run the embedded server.
import { useEffect, useState, type FormEvent } from 'react';
import { useServices } from '../../app/services-context.js';
import { messageOf } from '../auth/session-controller.js';

/** The connection settings page. */
export function ConnectionScreen({ onConnected }: { onConnected: () => void }) {
  const { platform } = useServices();
  const [url, setUrl] = useState('https://');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [offline, setOffline] = useState<{ available: boolean; reason: string } | null>(null);
  useEffect(() => {
    void platform.connection?.get().then((connection) => connection.serverUrl && setUrl(connection.serverUrl));
    void platform.connection?.offlineStatus().then(setOffline);
  }, [platform]);
  const goOffline = async () => {
    setBusy(true);
    setError(null);
    try {
      await platform.connection?.goOffline();
      onConnected();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await platform.connection?.setServer(url.trim());
      const health = await fetch('/health/live');
      if (!health.ok) throw new Error(`The server answered ${health.status}`);
      onConnected();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="login-page">
      <form className="login-card" onSubmit={(event) => void submit(event)}>
        <h1>KESTREL</h1>
        <label className="field">
          <span>Kestrel server address</span>
          <input className="input" value={url} autoFocus onChange={(event) => setUrl(event.target.value)} placeholder="https://kestrel.example.com" />
        </label>
        {error && (
          <div className="error-text" role="alert">
            {error}
          </div>
        )}
        <button className="btn btn-primary" type="submit" disabled={busy}>
          Connect
        </button>
        <button className="btn" type="button" disabled={busy || !offline?.available} onClick={() => void goOffline()} title={offline?.reason ?? ''}>
          {busy ? 'Starting…' : 'Work offline (embedded server)'}
        </button>
        {offline && !offline.available && <div className="muted">{offline.reason}</div>}
      </form>
    </div>
  );
}
