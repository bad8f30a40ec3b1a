// The user's preferences (GET/PUT /v1/preferences): theme, key bindings, trading confirmations
// and alert rules. The server document is one JSON object shared with other clients, so unknown
// keys are kept as they are and written back untouched. Changes are saved after a short pause
// (one PUT for a burst of edits); a failed save is reported and retried with the next change.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { UserApi } from '../../api/user-api.js';
import { readRules, type AlertRule } from '../alerts/alert-rule.js';
import { mergeBindings, type HotkeyBindings } from '../hotkeys/hotkey-registry.js';

/** Light or dark. */
export type ThemeName = 'dark' | 'light';

/** When the order ticket asks before sending. */
export interface ConfirmationRules {
  /** Always ask (default on). */
  always: boolean;
  /** Ask when the notional exceeds this many minor units (0: never for size). */
  aboveNotionalMinor: number;
  /** Ask for market orders even when `always` is off. */
  marketOrders: boolean;
}

/** The typed view of the preferences. */
export interface Preferences {
  theme: ThemeName;
  hotkeys: HotkeyBindings;
  confirmations: ConfirmationRules;
  /** The workspace opened at start. */
  lastWorkspace: string | null;
  /** Price and indicator alerts (features/alerts). */
  alerts: AlertRule[];
}

/** Defaults for a user who never saved anything. */
export const DEFAULT_CONFIRMATIONS: ConfirmationRules = { always: true, aboveNotionalMinor: 0, marketOrders: true };

const THEME_KEY = 'kestrel.theme';

/** Reads the typed view from the raw document. */
export function readPreferences(raw: Record<string, unknown>, fallbackTheme: ThemeName): Preferences {
  const confirmations = (raw['confirmations'] ?? {}) as Partial<ConfirmationRules>;
  return {
    theme: raw['theme'] === 'light' || raw['theme'] === 'dark' ? raw['theme'] : fallbackTheme,
    hotkeys: mergeBindings(raw['hotkeys']),
    confirmations: {
      always: typeof confirmations.always === 'boolean' ? confirmations.always : DEFAULT_CONFIRMATIONS.always,
      aboveNotionalMinor:
        Number.isSafeInteger(confirmations.aboveNotionalMinor) && (confirmations.aboveNotionalMinor ?? -1) >= 0
          ? (confirmations.aboveNotionalMinor as number)
          : DEFAULT_CONFIRMATIONS.aboveNotionalMinor,
      marketOrders: typeof confirmations.marketOrders === 'boolean' ? confirmations.marketOrders : DEFAULT_CONFIRMATIONS.marketOrders,
    },
    lastWorkspace: typeof raw['lastWorkspace'] === 'string' ? raw['lastWorkspace'] : null,
    alerts: readRules(raw['alerts']),
  };
}

/** The theme remembered on this device (used before sign-in). */
export function deviceTheme(): ThemeName {
  return localStorage.getItem(THEME_KEY) === 'light' ? 'light' : 'dark';
}

/** Applies a theme to the page. */
export function applyTheme(theme: ThemeName): void {
  document.documentElement.dataset['theme'] = theme;
  localStorage.setItem(THEME_KEY, theme);
}

/** Loads, holds and saves the preferences. */
export class PreferencesController {
  readonly store: StoreApi<Preferences>;
  private raw: Record<string, unknown> = {};
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly api: UserApi,
    private readonly onSaveError: (error: unknown) => void,
  ) {
    this.store = createStore<Preferences>(() => readPreferences({}, deviceTheme()));
    if (typeof window !== 'undefined') window.addEventListener('pagehide', () => void this.flush());
  }

  async load(): Promise<void> {
    try {
      this.raw = await this.api.preferences();
    } catch (error) {
      this.onSaveError(error);
      this.raw = {};
    }
    this.store.setState(readPreferences(this.raw, deviceTheme()), true);
    applyTheme(this.store.getState().theme);
  }

  /** Changes some preferences and schedules the save. */
  update(change: Partial<Preferences>): void {
    const next = { ...this.store.getState(), ...change };
    this.store.setState(next, true);
    if (change.theme) applyTheme(change.theme);
    this.raw = { ...this.raw, ...change };
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), 400);
  }

  /** Saves now (a pending change is also saved when the page is closed or reloaded). */
  async flush(): Promise<void> {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
    try {
      await this.api.savePreferences(this.raw, true);
    } catch (error) {
      this.onSaveError(error);
    }
  }
}
