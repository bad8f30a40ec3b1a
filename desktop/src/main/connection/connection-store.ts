// The persisted connection settings (`<userData>/connection.json`): which suite the app talks to
// and which update channel it follows. Invariants: the file is validated when read (a corrupt or
// hand-edited file falls back to the defaults instead of crashing the app) and replaced
// atomically (write to a temp file, rename). The initial suite may come from KESTREL_SERVER_URL.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Connection } from '../../common/ipc-contract.js';
import { normaliseServerUrl, streamUrlOf } from './server-url.js';

const StoredSchema = Type.Object({
  mode: Type.Union([Type.Literal('remote'), Type.Literal('offline'), Type.Literal('unconfigured')]),
  serverUrl: Type.Union([Type.String({ maxLength: 2048 }), Type.Null()]),
  updateChannel: Type.Union([Type.Literal('stable'), Type.Literal('beta')]),
});
type Stored = Static<typeof StoredSchema>;

/** Reads and writes the connection settings. */
export class ConnectionStore {
  private current: Stored = { mode: 'unconfigured', serverUrl: null, updateChannel: 'stable' };
  /** The URL of the running embedded suite in offline mode (not persisted). */
  private offlineUrl: string | null = null;

  constructor(private readonly directory: string) {}

  private get file(): string {
    return path.join(this.directory, 'connection.json');
  }

  /** Loads the file; `initialServerUrl` (KESTREL_SERVER_URL) applies when there is no valid file. */
  async load(initialServerUrl?: string): Promise<Connection> {
    let loaded: Stored | null = null;
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      if (Value.Check(StoredSchema, parsed)) loaded = parsed;
    } catch {
      loaded = null;
    }
    if (loaded?.serverUrl) {
      try {
        loaded.serverUrl = normaliseServerUrl(loaded.serverUrl);
      } catch {
        loaded = null;
      }
    }
    if (loaded) this.current = loaded;
    else if (initialServerUrl) this.current = { ...this.current, mode: 'remote', serverUrl: normaliseServerUrl(initialServerUrl) };
    return this.connection();
  }

  /** Points the app at a remote suite. */
  async setRemote(serverUrl: string): Promise<Connection> {
    this.current = { ...this.current, mode: 'remote', serverUrl: normaliseServerUrl(serverUrl) };
    await this.save();
    return this.connection();
  }

  /** Switches to the embedded suite at `url`. */
  async setOffline(url: string): Promise<Connection> {
    this.offlineUrl = url;
    this.current = { ...this.current, mode: 'offline' };
    await this.save();
    return this.connection();
  }

  /** The base URL requests go to right now (null when not connected). */
  activeServerUrl(): string | null {
    if (this.current.mode === 'offline') return this.offlineUrl;
    if (this.current.mode === 'remote') return this.current.serverUrl;
    return null;
  }

  /** The connection as the renderer sees it. */
  connection(): Connection {
    const active = this.activeServerUrl();
    return {
      mode: this.current.mode,
      serverUrl: active,
      streamUrl: active ? streamUrlOf(active) : null,
      updateChannel: this.current.updateChannel,
    };
  }

  private async save(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(this.current, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, this.file);
  }
}
