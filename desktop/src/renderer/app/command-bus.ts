// Commands the hotkeys (and menus) fire, decoupled from who handles them: a panel registers a
// handler while it is mounted; the most recently registered (or most recently focused) handler
// of a command wins, so Shift+B goes to the ticket the trader last used. A command nobody
// handles falls back to its default (usually: open the panel that handles it).
import type { HotkeyCommand } from '../features/hotkeys/hotkey-registry.js';

type Handler = () => void;

/** Routes commands to their current handler. */
export class CommandBus {
  private readonly handlers = new Map<HotkeyCommand, Handler[]>();
  private readonly fallbacks = new Map<HotkeyCommand, Handler>();

  /** Registers a handler; returns the unregister function. */
  handle(command: HotkeyCommand, handler: Handler): () => void {
    const list = this.handlers.get(command) ?? [];
    list.push(handler);
    this.handlers.set(command, list);
    return () => {
      const current = this.handlers.get(command) ?? [];
      this.handlers.set(
        command,
        current.filter((each) => each !== handler),
      );
    };
  }

  /** Makes `handler` the one that runs next for `command` (the panel got focus). */
  prefer(command: HotkeyCommand, handler: Handler): void {
    const list = (this.handlers.get(command) ?? []).filter((each) => each !== handler);
    if (list.length === (this.handlers.get(command) ?? []).length) return;
    this.handlers.set(command, [...list, handler]);
  }

  /** What runs when no panel handles `command`. */
  fallback(command: HotkeyCommand, handler: Handler): void {
    this.fallbacks.set(command, handler);
  }

  /** Runs `command`; returns whether anything handled it. */
  run(command: HotkeyCommand): boolean {
    const list = this.handlers.get(command) ?? [];
    const handler = list[list.length - 1] ?? this.fallbacks.get(command);
    if (!handler) return false;
    handler();
    return true;
  }
}
