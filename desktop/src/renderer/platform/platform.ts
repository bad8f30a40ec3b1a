// Where the renderer runs and what that environment provides. The renderer is the same code in
// the browser (served by the suite's web-ui service) and in Electron (served by the app protocol,
// which proxies `/v1` to the connected suite): in both, REST calls go to the page's own origin.
// What differs — where the refresh token is kept, how the stream is reached, how links open,
// whether desktop sign-in and the connection settings exist — is behind this interface.
import type { Connection } from '../../common/ipc-contract.js';

/** Tokens of a session, as the login and token endpoints return them. */
export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** The environment the renderer runs in. */
export interface Platform {
  readonly kind: 'browser' | 'electron';
  /** URL of the WebSocket stream (`/v1/stream` of the suite), or null when not connected. */
  streamUrl(): string | null;
  /** The refresh token kept from an earlier session (browser: this tab; Electron: the OS keychain). */
  loadRefreshToken(): Promise<string | null>;
  saveRefreshToken(token: string): Promise<void>;
  clearRefreshToken(): Promise<void>;
  /** Opens an http(s) link outside the app. */
  openExternal(url: string): void;
  /** URL of the empty page panels are moved into when they float into their own window. */
  readonly popoutUrl: string;
  /** Electron only: which suite the app is connected to, and changing it. */
  connection?: {
    get(): Promise<Connection>;
    setServer(url: string): Promise<Connection>;
    /** Whether this installation can run the embedded server, and why not. */
    offlineStatus(): Promise<{ available: boolean; reason: string }>;
    /** Starts the embedded server and connects to it. */
    goOffline(): Promise<Connection>;
    onChange(listener: (connection: Connection) => void): () => void;
  };
  /** Electron only: version and runtime of the app (shown in the status bar). */
  appInfo?(): Promise<{ version: string; electron: string; packaged: boolean }>;
  /** Electron only: the update feed of the connected suite. */
  updates?: {
    check(): Promise<{ state: string; version: string | null; message: string | null }>;
    onStatus(listener: (status: { state: string; version: string | null; message: string | null }) => void): () => void;
  };
  /** Electron only: sign in through the system browser (authorization code + PKCE). */
  browserSignIn?(): Promise<SessionTokens>;
}
