// Keeps the session's refresh token across restarts, encrypted with the operating system's
// keychain (Electron safeStorage: DPAPI, Keychain, libsecret). Invariants: the token is written
// only when real encryption is available (on Linux without a keyring safeStorage falls back to a
// hard-coded key: then the token stays in memory and the user logs in again after a restart);
// the token is bound to the suite it came from and is never returned for another one.
import { mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';

/** The part of Electron's safeStorage the vault uses. */
export interface SafeStoragePort {
  isEncryptionAvailable(): boolean;
  /** 'basic_text' on Linux means no real keyring (Electron's getSelectedStorageBackend). */
  backend(): string;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

interface Entry {
  serverUrl: string;
  refreshToken: string;
}

/** Stores one refresh token per app installation. */
export class TokenVault {
  private memory: Entry | null = null;

  constructor(
    private readonly directory: string,
    private readonly storage: SafeStoragePort,
  ) {}

  private get file(): string {
    return path.join(this.directory, 'session.bin');
  }

  /** True when tokens can be written to disk encrypted. */
  canPersist(): boolean {
    return this.storage.isEncryptionAvailable() && this.storage.backend() !== 'basic_text';
  }

  /** Saves the token for `serverUrl`; returns whether it reached the disk. */
  async save(serverUrl: string, refreshToken: string): Promise<boolean> {
    this.memory = { serverUrl, refreshToken };
    if (!this.canPersist()) return false;
    await mkdir(this.directory, { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, this.storage.encryptString(JSON.stringify(this.memory)), { mode: 0o600 });
    await rename(temp, this.file);
    return true;
  }

  /** The token saved for `serverUrl`, or null. */
  async load(serverUrl: string): Promise<string | null> {
    if (!this.memory && this.canPersist()) {
      try {
        const parsed = JSON.parse(this.storage.decryptString(await readFile(this.file))) as Partial<Entry>;
        if (typeof parsed.serverUrl === 'string' && typeof parsed.refreshToken === 'string') {
          this.memory = { serverUrl: parsed.serverUrl, refreshToken: parsed.refreshToken };
        }
      } catch {
        this.memory = null;
      }
    }
    return this.memory && this.memory.serverUrl === serverUrl ? this.memory.refreshToken : null;
  }

  /** Forgets the token (logout, or the suite refused it). */
  async clear(): Promise<void> {
    this.memory = null;
    await rm(this.file, { force: true });
  }
}
