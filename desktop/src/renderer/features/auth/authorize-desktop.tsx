// Step 2 of desktop sign-in, run by the web UI in the user's browser: the desktop app opened
// `/?authorize=desktop&client_id=…&redirect_uri=…&code_challenge=…&state=…`; once the user is
// signed in here, this page asks the suite for an authorization code (GET /v1/oauth/authorize)
// and sends the browser to the app's loopback `redirectTo`. The user confirms first, so a link
// cannot silently hand a session to another program.
import { useState } from 'react';
import { useServices } from '../../app/services-context.js';
import { messageOf } from './session-controller.js';

/** The parameters of an authorize request, when the page was opened with one. */
export function authorizeRequest(search: string): Record<string, string> | null {
  const params = new URLSearchParams(search);
  if (params.get('authorize') !== 'desktop') return null;
  const wanted = ['client_id', 'redirect_uri', 'code_challenge', 'code_challenge_method', 'state'];
  const request: Record<string, string> = { response_type: 'code' };
  for (const name of wanted) {
    const value = params.get(name);
    if (!value) return null;
    request[name] = value;
  }
  return /^http:\/\/(127\.0\.0\.1|\[::1\]):\d+\/callback$/.test(request['redirect_uri']!) ? request : null;
}

/** The confirmation page. */
export function AuthorizeDesktop({ request, email }: { request: Record<string, string>; email: string }) {
  const { auth } = useServices();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const allow = async () => {
    setBusy(true);
    try {
      const answer = await auth.authorize(request);
      window.location.assign(answer.redirectTo);
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  };
  return (
    <div className="login-page">
      <div className="login-card" data-testid="authorize-desktop">
        <h1>KESTREL</h1>
        <div>
          Sign the Kestrel desktop app in as <b>{email}</b>?
        </div>
        <div className="muted">It will receive a session like this one. Only allow this if you just started the sign-in from the app on this computer.</div>
        {error && (
          <div className="error-text" role="alert">
            {error}
          </div>
        )}
        <button className="btn btn-primary" disabled={busy} onClick={() => void allow()}>
          Allow
        </button>
        <button className="btn btn-ghost" onClick={() => window.location.assign('/')}>
          Cancel
        </button>
      </div>
    </div>
  );
}
