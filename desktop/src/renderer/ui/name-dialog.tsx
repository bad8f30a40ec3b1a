// Asks for a name (new workspace, rename). Electron has no window.prompt, so this is a modal.
import { useState } from 'react';
import { Modal } from './modal.js';

/** Props of NameDialog. */
export interface NameDialogProps {
  title: string;
  initial: string;
  onSubmit: (name: string) => void;
  onClose: () => void;
}

/** The name dialog. */
export function NameDialog({ title, initial, onSubmit, onClose }: NameDialogProps) {
  const [name, setName] = useState(initial);
  const valid = name.trim().length > 0 && name.trim().length <= 100;
  return (
    <Modal title={title} onClose={onClose} testId="name-dialog">
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          if (!valid) return;
          onSubmit(name.trim());
          onClose();
        }}
      >
        <input className="input" style={{ flex: 1 }} value={name} onChange={(event) => setName(event.target.value)} aria-label="Name" data-testid="name-input" />
        <button className="btn btn-primary" type="submit" disabled={!valid}>
          OK
        </button>
      </form>
    </Modal>
  );
}
