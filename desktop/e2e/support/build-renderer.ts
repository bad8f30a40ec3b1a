// Builds the desktop bundles (`electron-vite build`) once per test process, so the end-to-end
// tests always exercise the current source. Each process builds into a folder of its own and the
// suite it starts serves that folder (KESTREL_WEB_UI_ROOT): several test processes run at once
// on a shared checkout, and a rebuild of desktop/out by one of them would otherwise swap the
// content-hashed assets under another's running suite (its pages then load a 404 script).
// KESTREL_E2E_SKIP_BUILD=1 reuses the existing desktop/out build (faster local iterations).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The desktop package folder. */
export const DESKTOP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The repository root. */
export const REPO_DIR = path.resolve(DESKTOP_DIR, '..');

let builtRoot: string | null = null;

/** Builds the renderer (once per process) and returns the folder the web UI should serve. */
export function buildRenderer(): string {
  if (builtRoot) return builtRoot;
  const shared = path.join(DESKTOP_DIR, 'out/renderer');
  if (process.env['KESTREL_E2E_SKIP_BUILD'] === '1' && existsSync(path.join(shared, 'index.html'))) {
    builtRoot = shared;
    return builtRoot;
  }
  const out = mkdtempSync(path.join(tmpdir(), 'kestrel-e2e-build-'));
  process.on('exit', () => rmSync(out, { recursive: true, force: true }));
  execFileSync(path.join(REPO_DIR, 'node_modules/.bin/electron-vite'), ['build', '--logLevel', 'warn', '--outDir', out], { cwd: DESKTOP_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
  const entry = path.join(out, 'renderer/index.html');
  if (!existsSync(entry)) throw new Error(`electron-vite build did not produce ${entry}`);
  builtRoot = path.join(out, 'renderer');
  return builtRoot;
}

/** The renderer folder this process built (null before buildRenderer: the suite's default). */
export function builtRendererRoot(): string | null {
  return builtRoot;
}
