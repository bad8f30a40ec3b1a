// Keyboard shortcuts: every command with its binding; click a binding and press the new keys to
// change it (Backspace clears it). Conflicts are shown and block saving; bindings are saved in
// the user's preferences, so they follow the user to every machine.
import { useState } from 'react';
import { useStore } from 'zustand';
import { useServices } from '../../app/services-context.js';
import { Modal } from '../../ui/modal.js';
import { HOTKEY_COMMANDS, comboOfEvent, conflicts, defaultBindings, type HotkeyBindings, type HotkeyCommand } from './hotkey-registry.js';

/** The shortcuts dialog. */
export function HotkeysDialog({ onClose }: { onClose: () => void }) {
  const { preferences } = useServices();
  const saved = useStore(preferences.store, (state) => state.hotkeys);
  const [bindings, setBindings] = useState<HotkeyBindings>(saved);
  const [capturing, setCapturing] = useState<HotkeyCommand | null>(null);
  const clashes = conflicts(bindings);
  const clashing = new Set(clashes.flatMap((clash) => clash.commands));
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} testId="hotkeys-dialog">
      <table className="grid">
        <tbody>
          {(Object.keys(HOTKEY_COMMANDS) as HotkeyCommand[]).map((command) => (
            <tr key={command}>
              <td>{HOTKEY_COMMANDS[command].label}</td>
              <td>
                <button
                  className={`btn btn-small${capturing === command ? ' btn-primary' : ''}${clashing.has(command) ? ' error-text' : ''}`}
                  data-hotkey-capture
                  data-testid={`binding-${command}`}
                  onClick={() => setCapturing(command)}
                  onKeyDown={(event) => {
                    if (capturing !== command) return;
                    event.preventDefault();
                    event.stopPropagation();
                    if (event.key === 'Escape') return setCapturing(null);
                    if (event.key === 'Backspace') {
                      setBindings({ ...bindings, [command]: '' });
                      return setCapturing(null);
                    }
                    const combo = comboOfEvent(event.nativeEvent);
                    if (!combo) return;
                    setBindings({ ...bindings, [command]: combo });
                    setCapturing(null);
                  }}
                >
                  {capturing === command ? 'Press keys…' : bindings[command] || 'unbound'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {clashes.length > 0 && (
        <div className="error-text" role="alert">
          {clashes.map((clash) => `${clash.combo} is bound to ${clash.commands.length} commands`).join('; ')}
        </div>
      )}
      <div className="row" style={{ marginTop: 12 }}>
        <button className="btn" onClick={() => setBindings(defaultBindings())}>
          Defaults
        </button>
        <span className="spacer" />
        <button className="btn" onClick={onClose}>
          Cancel
        </button>
        <button
          className="btn btn-primary"
          disabled={clashes.length > 0}
          data-testid="save-hotkeys"
          onClick={() => {
            preferences.update({ hotkeys: bindings });
            onClose();
          }}
        >
          Save
        </button>
      </div>
    </Modal>
  );
}
