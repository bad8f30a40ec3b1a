// Sign-in: email and password, then (when the account has 2FA) the authenticator code. Errors
// from the server are shown under the form in plain words; the code step can go back. In
// Electron a second button signs in through the system browser (PKCE), which also covers
// single sign-on setups where the password never touches the app.
import { useState, type FormEvent } from 'react';
import { useServices, useVanilla } from '../../app/services-context.js';

/** The sign-in page. */
export function LoginScreen() {
  const { session, platform } = useServices();
  const view = useVanilla(session.view, (state) => state);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };

  if (view.status === 'two-factor') {
    const submit = (event: FormEvent) => {
      event.preventDefault();
      void run(() => session.verify(code));
    };
    return (
      <div className="login-page">
        <form className="login-card" onSubmit={submit} data-testid="two-factor-form">
          <h1>KESTREL</h1>
          <div className="muted">Two-factor authentication for {view.email}</div>
          <label className="field">
            <span>Code from your authenticator app (or a recovery code)</span>
            <input
              className="input num"
              name="code"
              autoComplete="one-time-code"
              inputMode="numeric"
              autoFocus
              value={code}
              onChange={(event) => setCode(event.target.value)}
            />
          </label>
          {view.error && (
            <div className="error-text" role="alert">
              {view.error}
            </div>
          )}
          <button className="btn btn-primary" type="submit" disabled={busy || code.trim().length < 6}>
            Verify
          </button>
          <button className="btn btn-ghost" type="button" onClick={() => session.cancelTwoFactor()}>
            Back
          </button>
        </form>
      </div>
    );
  }

  const error = view.status === 'signed-out' ? view.error : null;
  const notice = view.status === 'signed-out' ? view.notice : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => session.login(email.trim(), password));
  };
  return (
    <div className="login-page">
      <form className="login-card" onSubmit={submit} data-testid="login-form">
        <h1>KESTREL</h1>
        {notice && <div className="banner">{notice}</div>}
        <label className="field">
          <span>Email</span>
          <input className="input" name="email" type="email" autoComplete="username" autoFocus value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label className="field">
          <span>Password</span>
          <input className="input" name="password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        {error && (
          <div className="error-text" role="alert">
            {error}
          </div>
        )}
        <button className="btn btn-primary" type="submit" disabled={busy || !email || !password}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {platform.browserSignIn && (
          <button className="btn" type="button" disabled={busy} onClick={() => void run(() => session.browserSignIn())}>
            Sign in with the browser
          </button>
        )}
      </form>
    </div>
  );
}
