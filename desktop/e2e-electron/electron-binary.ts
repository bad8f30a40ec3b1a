// Finds the Electron binary the `electron` npm package downloaded. On machines where the
// download was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD, no network) there is none, and the
// Electron suite reports itself as skipped instead of failing or pretending to pass.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Absolute path of the Electron executable, or null with the reason it is missing. */
export function electronBinary(): { path: string } | { path: null; reason: string } {
  const require = createRequire(import.meta.url);
  let binary: unknown;
  try {
    binary = require('electron');
  } catch (error) {
    return { path: null, reason: `the electron package has no binary (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return { path: null, reason: `no Electron executable at ${String(binary)}` };
  return { path: binary };
}
