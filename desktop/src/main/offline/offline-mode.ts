// Offline mode: the desktop runs the embedded suite (`kestrel serve --all`, with the engine
// addon in-process) in an Electron utility process and connects to it on loopback. Status: the
// process hook (suite-process.ts) is implemented and tested, but offline mode stays unavailable
// until the engine's N-API binding (engine/lib, engine/binding) exists and the server is bundled
// into the app; `offlineStatus` reports exactly which prerequisite is missing.

/** Whether offline mode can start, and why not. */
export interface OfflineStatus {
  available: boolean;
  reason: string;
}

/** What offline mode needs, probed at run time. */
export interface OfflinePrerequisites {
  /** Loads the engine facade (`@kestrel/engine`); rejects when the binding is not built. */
  loadEngine: () => Promise<unknown>;
  /** Path of the bundled suite entry inside the app, or null when this build has none. */
  bundledSuiteEntry: string | null;
}

/** Probes the prerequisites of offline mode. */
export async function offlineStatus(prerequisites: OfflinePrerequisites): Promise<OfflineStatus> {
  if (!prerequisites.bundledSuiteEntry) {
    return { available: false, reason: 'This build does not include the embedded Kestrel server (offline mode needs the engine binding, which is not built yet)' };
  }
  try {
    await prerequisites.loadEngine();
  } catch (error) {
    return { available: false, reason: `The engine binding could not be loaded: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { available: true, reason: 'The embedded server can start' };
}
