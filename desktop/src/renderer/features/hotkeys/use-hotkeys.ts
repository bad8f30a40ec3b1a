// The global keyboard listener: turns key presses into commands through the user's bindings.
// Typing in a text field only triggers combinations with Ctrl/Alt/Meta or function keys, so a
// quantity of "100" never fires a command; a key press that ran a command does not also reach
// the page (no browser "save page" on Ctrl+S).
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useServices } from '../../app/services-context.js';
import { comboOfEvent, commandFor, firesWhileTyping } from './hotkey-registry.js';

/** Installs the listener on `target` (the main window, and each popout window). */
export function useHotkeys(target: Window = window): void {
  const { preferences, commands } = useServices();
  const bindings = useStore(preferences.store, (state) => state.hotkeys);
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const combo = comboOfEvent(event);
      if (!combo) return;
      const element = event.target as HTMLElement | null;
      const typing = !!element && (element.tagName === 'INPUT' || element.tagName === 'TEXTAREA' || element.tagName === 'SELECT' || element.isContentEditable);
      if (typing && !firesWhileTyping(combo)) return;
      if (element?.closest('[data-hotkey-capture]')) return;
      const command = commandFor(bindings, combo);
      if (command && commands.run(command)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    target.addEventListener('keydown', listener, true);
    return () => target.removeEventListener('keydown', listener, true);
  }, [bindings, commands, target]);
}
