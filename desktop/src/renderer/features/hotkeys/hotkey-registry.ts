// The keyboard map of the workstation: every command a trader can bind, its default keys, and
// the normalised key-combination text ("Ctrl+Shift+B") both the settings dialog and the
// dispatcher use. Invariants: a binding is stored in one canonical form (modifiers in the order
// Ctrl, Alt, Shift, Meta, then the key), so "shift+ctrl+b" and "Ctrl+Shift+B" are the same
// binding; one combination triggers at most one command (conflicts are reported, not resolved
// silently); plain typing in a text field never fires a binding without Ctrl/Alt/Meta or a
// function key.

/** Every bindable command. */
export const HOTKEY_COMMANDS = {
  'ticket.buy': { label: 'Order ticket: buy', keys: 'Shift+B' },
  'ticket.sell': { label: 'Order ticket: sell', keys: 'Shift+S' },
  'ticket.focusQuantity': { label: 'Order ticket: focus quantity', keys: 'Ctrl+Q' },
  'orders.cancelAll': { label: 'Cancel all open orders', keys: 'Ctrl+Shift+X' },
  'positions.flattenAll': { label: 'Flatten all positions', keys: 'Ctrl+Shift+F' },
  'workspace.save': { label: 'Save workspace', keys: 'Ctrl+S' },
  'workspace.next': { label: 'Next workspace', keys: 'Ctrl+Alt+ArrowRight' },
  'workspace.previous': { label: 'Previous workspace', keys: 'Ctrl+Alt+ArrowLeft' },
  'panel.chart': { label: 'New chart', keys: 'Ctrl+Alt+C' },
  'panel.ticket': { label: 'New order ticket', keys: 'Ctrl+Alt+T' },
  'panel.watchlist': { label: 'New watchlist', keys: 'Ctrl+Alt+W' },
  'panel.dom': { label: 'New price ladder', keys: 'Ctrl+Alt+D' },
  'symbol.search': { label: 'Change symbol of the active panel', keys: 'Ctrl+K' },
  'theme.toggle': { label: 'Toggle light/dark theme', keys: 'Ctrl+Shift+L' },
  'hotkeys.open': { label: 'Show keyboard shortcuts', keys: 'F1' },
} as const satisfies Record<string, { label: string; keys: string }>;

/** One bindable command. */
export type HotkeyCommand = keyof typeof HOTKEY_COMMANDS;

/** Command → key combination (canonical text, or '' for unbound). */
export type HotkeyBindings = Record<HotkeyCommand, string>;

const MODIFIERS = ['Ctrl', 'Alt', 'Shift', 'Meta'] as const;
const KEY_ALIASES: Readonly<Record<string, string>> = {
  control: 'Ctrl',
  ctrl: 'Ctrl',
  cmd: 'Meta',
  command: 'Meta',
  meta: 'Meta',
  option: 'Alt',
  alt: 'Alt',
  shift: 'Shift',
  esc: 'Escape',
  escape: 'Escape',
  space: 'Space',
  ' ': 'Space',
  enter: 'Enter',
  return: 'Enter',
  del: 'Delete',
  delete: 'Delete',
  up: 'ArrowUp',
  down: 'ArrowDown',
  left: 'ArrowLeft',
  right: 'ArrowRight',
};

/** The canonical spelling of one key name. */
function canonicalKey(key: string): string {
  const alias = KEY_ALIASES[key.toLowerCase()];
  if (alias) return alias;
  if (key.length === 1) return key.toUpperCase();
  if (/^f([1-9]|1[0-9]|2[0-4])$/i.test(key)) return key.toUpperCase();
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/** Parses "shift+ctrl+b" into "Ctrl+Shift+B"; null when it has no key or repeats one. */
export function normaliseCombo(text: string): string | null {
  const parts = text
    .split('+')
    .map((part) => part.trim())
    .filter((part, index, all) => part !== '' || (index === all.length - 1 && text.endsWith('++')));
  if (text.endsWith('++')) parts[parts.length - 1] = '+';
  const modifiers = new Set<string>();
  let key: string | null = null;
  for (const part of parts) {
    const canonical = canonicalKey(part);
    if ((MODIFIERS as readonly string[]).includes(canonical)) {
      if (modifiers.has(canonical)) return null;
      modifiers.add(canonical);
    } else {
      if (key !== null) return null;
      key = canonical;
    }
  }
  if (key === null) return null;
  return [...MODIFIERS.filter((modifier) => modifiers.has(modifier)), key].join('+');
}

/** The fields of a keyboard event the registry reads. */
export interface KeyEventLike {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/** The canonical combination of a key event; null for a lone modifier press. */
export function comboOfEvent(event: KeyEventLike): string | null {
  const key = canonicalKey(event.key === ' ' ? 'Space' : event.key);
  if ((MODIFIERS as readonly string[]).includes(key)) return null;
  const parts: string[] = [];
  if (event.ctrlKey) parts.push('Ctrl');
  if (event.altKey) parts.push('Alt');
  if (event.shiftKey) parts.push('Shift');
  if (event.metaKey) parts.push('Meta');
  parts.push(key);
  return parts.join('+');
}

/** True when the combination may fire while the user types in a text field. */
export function firesWhileTyping(combo: string): boolean {
  return /(^|\+)(Ctrl|Alt|Meta)\+/.test(combo) || /^F\d{1,2}$/.test(combo) || combo === 'Escape';
}

/** The default bindings. */
export function defaultBindings(): HotkeyBindings {
  return Object.fromEntries(Object.entries(HOTKEY_COMMANDS).map(([command, spec]) => [command, spec.keys])) as HotkeyBindings;
}

/** Defaults overlaid with stored bindings (unknown commands and unparsable keys are dropped). */
export function mergeBindings(stored: unknown): HotkeyBindings {
  const bindings = defaultBindings();
  if (stored && typeof stored === 'object') {
    for (const [command, keys] of Object.entries(stored as Record<string, unknown>)) {
      if (!(command in bindings) || typeof keys !== 'string') continue;
      const normalised = keys === '' ? '' : normaliseCombo(keys);
      if (normalised !== null) bindings[command as HotkeyCommand] = normalised;
    }
  }
  return bindings;
}

/** Combinations bound to more than one command. */
export function conflicts(bindings: HotkeyBindings): Array<{ combo: string; commands: HotkeyCommand[] }> {
  const byCombo = new Map<string, HotkeyCommand[]>();
  for (const [command, combo] of Object.entries(bindings) as Array<[HotkeyCommand, string]>) {
    if (!combo) continue;
    byCombo.set(combo, [...(byCombo.get(combo) ?? []), command]);
  }
  return [...byCombo].filter(([, commands]) => commands.length > 1).map(([combo, commands]) => ({ combo, commands }));
}

/** The command bound to `combo`, if exactly one is. */
export function commandFor(bindings: HotkeyBindings, combo: string): HotkeyCommand | null {
  const matches = (Object.entries(bindings) as Array<[HotkeyCommand, string]>).filter(([, bound]) => bound === combo);
  return matches.length === 1 ? matches[0]![0] : null;
}
