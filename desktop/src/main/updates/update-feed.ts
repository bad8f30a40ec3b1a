// Auto-update through electron-updater's generic provider. The feed URL is not baked into the
// build: it is the connected suite's update feed, `<suite>/updates/<channel>` (server/updates
// serves latest*.yml, installers and blockmaps there), set with setFeedURL at run time. Updates
// are checked only in packaged builds and only against a remote suite (never in offline mode).
import type { Connection, UpdateStatus } from '../../common/ipc-contract.js';

/** The feed URL of a suite and channel. */
export function updateFeedUrl(serverUrl: string, channel: string): string {
  return `${serverUrl.replace(/\/+$/, '')}/updates/${encodeURIComponent(channel)}`;
}

/** The part of electron-updater's autoUpdater this module drives. */
export interface UpdaterPort {
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string }): void;
  checkForUpdates(): Promise<{ updateInfo: { version: string } } | null>;
  readonly currentVersion: string;
}

/** Checks the connected suite's feed for a newer version. */
export async function checkForUpdates(updater: UpdaterPort | null, connection: Connection, packaged: boolean): Promise<UpdateStatus> {
  const blank = { feedUrl: null, version: null };
  if (!packaged || !updater) return { ...blank, state: 'disabled', message: 'Updates are checked only in installed builds' };
  if (connection.mode !== 'remote' || !connection.serverUrl) {
    return { ...blank, state: 'disabled', message: 'Updates come from a connected Kestrel server' };
  }
  const feedUrl = updateFeedUrl(connection.serverUrl, connection.updateChannel);
  updater.setFeedURL({ provider: 'generic', url: feedUrl });
  try {
    const result = await updater.checkForUpdates();
    const version = result?.updateInfo.version ?? null;
    const newer = version !== null && version !== updater.currentVersion;
    return { state: newer ? 'available' : 'not-available', feedUrl, version, message: null };
  } catch (error) {
    return { state: 'error', feedUrl, version: null, message: error instanceof Error ? error.message.slice(0, 1000) : String(error) };
  }
}
