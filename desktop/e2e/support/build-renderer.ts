// Builds the desktop bundles (`electron-vite build`) once per test process, so the end-to-end
// tests always exercise the current source — the web-ui service then serves out/renderer.
// KESTREL_E2E_SKIP_BUILD=1 reuses an existing build (faster local iterations).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The desktop package folder. */
export const DESKTOP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The repository root. */
export const REPO_DIR = path.resolve(DESKTOP_DIR, '..');

let built = false;

/** Builds the renderer (once per process). */
export function buildRenderer(): void {
  if (built) return;
  const entry = path.join(DESKTOP_DIR, 'out/renderer/index.html');
  if (process.env['KESTREL_E2E_SKIP_BUILD'] === '1' && existsSync(entry)) {
    built = true;
    return;
  }
  execFileSync(path.join(REPO_DIR, 'node_modules/.bin/electron-vite'), ['build', '--logLevel', 'warn'], { cwd: DESKTOP_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(entry)) throw new Error(`electron-vite build did not produce ${entry}`);
  built = true;
}
