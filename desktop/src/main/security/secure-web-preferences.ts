// The webPreferences of every app window (main window and popouts). Invariants (Electron's
// security checklist): context isolation, the Chromium sandbox, no Node integration anywhere
// (page, workers, subframes), web security on, no insecure content, no <webview>, no
// experimental features, drag-and-drop never navigates the window.
import type { WebPreferences } from 'electron';

/** The locked-down preferences; `preload` is the bundled preload script. */
export function secureWebPreferences(preload: string, options: { devTools: boolean }): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: options.devTools,
  };
}

/** Preference keys whose value would weaken the sandbox, with the value they must have. */
export const REQUIRED_PREFERENCES: Readonly<Partial<Record<keyof WebPreferences, boolean>>> = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
};

/** Problems with a set of preferences (empty when they are as locked down as required). */
export function weakPreferences(preferences: WebPreferences): string[] {
  return Object.entries(REQUIRED_PREFERENCES)
    .filter(([key, value]) => preferences[key as keyof WebPreferences] !== value)
    .map(([key, value]) => `${key} must be ${String(value)}`);
}
