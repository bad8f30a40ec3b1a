// Default location of Kestrel's local state, following each platform's convention. Linux as root
// deviates on purpose: the XDG default would be under /root (mode 0700), which the embedded
// PostgreSQL (run as user `postgres`, since PostgreSQL refuses to run as root) cannot enter, so a
// root install uses the FHS location /var/lib/kestrel.
import os from 'node:os';
import path from 'node:path';

/** Inputs of the default, injectable so tests can cover every platform. */
export interface DataDirContext {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  homeDir: string;
  uid: number;
}

/** The current process's context. */
export function currentDataDirContext(): DataDirContext {
  return { platform: process.platform, env: process.env, homeDir: os.homedir(), uid: process.getuid?.() ?? -1 };
}

/** Where Kestrel keeps its data when KESTREL_DATA_DIR is not set. */
export function defaultDataDir(context: DataDirContext = currentDataDirContext()): string {
  const { platform, env, homeDir, uid } = context;
  if (platform === 'darwin') return path.posix.join(homeDir, 'Library', 'Application Support', 'Kestrel');
  if (platform === 'win32') {
    const base = env.LOCALAPPDATA || path.win32.join(homeDir, 'AppData', 'Local');
    return path.win32.join(base, 'Kestrel');
  }
  if (uid === 0) return '/var/lib/kestrel';
  const xdg = env.XDG_DATA_HOME;
  // The XDG spec says relative values are invalid and must be ignored.
  const base = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(homeDir, '.local', 'share');
  return path.posix.join(base, 'kestrel');
}
