// Offline mode: the desktop runs the embedded suite (`kestrel serve --all`: embedded PostgreSQL,
// every service, the engine addon in-process) as a child process on loopback and connects to it
// like to any suite. What exists: in a source checkout (the repository's CLI and a built engine
// addon next to the app), the suite runs under the Node.js that built the native modules (argon2,
// the engine addon, embedded PostgreSQL), found as KESTREL_NODE or `node` on PATH. What does not
// exist yet: an installed app carrying its own server — that needs the server bundled into the
// app and its native modules rebuilt for Electron's Node (electron-rebuild) so Electron's
// utilityProcess can host it; `offlineStatus` says so instead of failing later.
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Whether offline mode can start, and why not. */
export interface OfflineStatus {
  available: boolean;
  reason: string;
}

/** Where the pieces of offline mode are. */
export interface OfflineLayout {
  /** The CLI entry (server/cli/bin/kestrel.js of a checkout), or null when this build has none. */
  suiteEntry: string | null;
  /** The engine addon the suite loads (engine/binding/build/Release/kestrel_engine.node). */
  engineAddon: string | null;
  /** The Node.js binary that runs the suite. */
  nodeBinary: string | null;
}

/** Finds the pieces relative to the app's main bundle (desktop/out/main in a checkout). */
export function locateOffline(mainDir: string, env: NodeJS.ProcessEnv, findOnPath: (name: string) => string | null): OfflineLayout {
  const repo = path.resolve(mainDir, '../../..');
  const entry = path.join(repo, 'server/cli/bin/kestrel.js');
  const addon = path.join(repo, 'engine/binding/build/Release/kestrel_engine.node');
  return {
    suiteEntry: env['KESTREL_SUITE_ENTRY'] ?? (existsSync(entry) ? entry : null),
    engineAddon: existsSync(addon) ? addon : null,
    nodeBinary: env['KESTREL_NODE'] ?? findOnPath('node'),
  };
}

/** Probes the prerequisites of offline mode. */
export function offlineStatus(layout: OfflineLayout): OfflineStatus {
  if (!layout.suiteEntry) {
    return { available: false, reason: 'This installation does not include the embedded Kestrel server (offline mode runs from a source checkout for now)' };
  }
  if (!layout.engineAddon) return { available: false, reason: 'The engine addon is not built: run `npm run build:engine` in the Kestrel checkout' };
  if (!layout.nodeBinary) return { available: false, reason: 'No Node.js found to run the embedded server: install Node.js 20+ or set KESTREL_NODE' };
  return { available: true, reason: 'The embedded server can start' };
}

/** The first `name` (or `name.exe` on Windows) in the PATH folders, or null. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const names = process.platform === 'win32' ? [`${name}.exe`, name] : [name];
  for (const folder of (env['PATH'] ?? '').split(path.delimiter).filter(Boolean)) {
    for (const candidate of names) {
      const file = path.join(folder, candidate);
      if (existsSync(file)) return file;
    }
  }
  return null;
}
