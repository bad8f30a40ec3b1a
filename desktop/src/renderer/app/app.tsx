// The root of the renderer: restores the session, shows the sign-in (or, in Electron without a
// configured server, the connection settings), then the workstation. A browser opened by the
// desktop app for sign-in (`?authorize=desktop`) gets the authorize confirmation instead.
import { useEffect, useState } from 'react';
import { AuthorizeDesktop, authorizeRequest } from '../features/auth/authorize-desktop.js';
import { LoginScreen } from '../features/auth/login-screen.js';
import { ConnectionScreen } from '../features/connection/connection-screen.js';
import { Workstation } from '../features/workspace/workstation.js';
import { ToastStack } from '../ui/toast-stack.js';
import { useServices, useVanilla } from './services-context.js';

/** The app. */
export function App({ needsConnection }: { needsConnection: boolean }) {
  const services = useServices();
  const view = useVanilla(services.session.view, (state) => state);
  const [connected, setConnected] = useState(!needsConnection);
  const [ready, setReady] = useState(false);
  const authorize = authorizeRequest(window.location.search);

  useEffect(() => {
    if (connected) void services.session.restore();
  }, [connected, services]);

  const userId = view.status === 'signed-in' ? view.me.id : null;
  useEffect(() => {
    if (!userId) {
      setReady(false);
      services.feed.stop();
      services.trading.stop();
      return;
    }
    let live = true;
    void services.connect().then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [userId, services]);

  let content;
  if (!connected) content = <ConnectionScreen onConnected={() => setConnected(true)} />;
  else if (view.status === 'restoring') content = <div className="login-page muted">Connecting…</div>;
  else if (view.status !== 'signed-in') content = <LoginScreen />;
  else if (authorize) content = <AuthorizeDesktop request={authorize} email={view.me.email} />;
  else if (!ready) content = <div className="login-page muted">Loading your workspace…</div>;
  else content = <Workstation key={view.me.id} me={view.me} />;
  return (
    <>
      {content}
      <ToastStack />
    </>
  );
}
