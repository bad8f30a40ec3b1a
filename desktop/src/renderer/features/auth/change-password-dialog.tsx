// The forced password change of an account flagged `mustChangePassword` (the bootstrap admin's
// one-time password, an admin reset). The server ends every session on a change, so the dialog
// signs in again with the new password right away.
import { useState, type FormEvent } from 'react';
import { useServices } from '../../app/services-context.js';
import { Modal } from '../../ui/modal.js';

/** Props of ChangePasswordDialog. */
export interface ChangePasswordDialogProps {
  email: string;
  forced: boolean;
  onClose: () => void;
}

/** Asks for the current and a new password. */
export function ChangePasswordDialog({ email, forced, onClose }: ChangePasswordDialogProps) {
  const { session } = useServices();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = repeat !== '' && next !== repeat;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const problem = await session.changePassword(email, current, next);
    setBusy(false);
    if (problem) setError(problem);
    else onClose();
  };

  return (
    <Modal title={forced ? 'Choose a new password' : 'Change password'} onClose={forced ? () => undefined : onClose} testId="change-password">
      <form onSubmit={(event) => void submit(event)} className="ticket">
        {forced && <div className="banner banner-warn">Your account uses a one-time password. Choose your own before you continue.</div>}
        <label className="field">
          <span>Current password</span>
          <input className="input" name="current-password" type="password" autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} />
        </label>
        <label className="field">
          <span>New password (8–128 characters, not a common one)</span>
          <input className="input" name="new-password" type="password" autoComplete="new-password" value={next} onChange={(event) => setNext(event.target.value)} />
        </label>
        <label className="field">
          <span>Repeat the new password</span>
          <input className="input" name="repeat-password" type="password" autoComplete="new-password" value={repeat} onChange={(event) => setRepeat(event.target.value)} />
        </label>
        {mismatch && <div className="error-text">The passwords differ.</div>}
        {error && (
          <div className="error-text" role="alert">
            {error}
          </div>
        )}
        <div className="row">
          <span className="spacer" />
          {!forced && (
            <button className="btn" type="button" onClick={onClose}>
              Cancel
            </button>
          )}
          <button className="btn btn-primary" type="submit" disabled={busy || !current || next.length < 8 || next !== repeat}>
            Change password
          </button>
        </div>
      </form>
    </Modal>
  );
}
