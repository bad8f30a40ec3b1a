// Starts a real `kestrel serve --all` (embedded PostgreSQL, every registered service, the web UI)
// on a temporary data folder for the end-to-end tests, with the bootstrap admin of
// docs/security.md, and removes everything when stopped. Uses the desktop's own offline-mode
// launcher (startSuiteProcess) with node's child_process in place of Electron's utilityProcess.
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSuiteProcess } from '../../src/main/offline/suite-process.js';
import { builtRendererRoot, REPO_DIR } from './build-renderer.js';

/**
 * Where the suite's server code is run from: the repository (default), or another checkout named by
 * KESTREL_E2E_SERVER_DIR (e.g. a clean export of the last commit while server/ is being rewritten in
 * this tree, so the workstation's tests and benchmarks measure the current renderer against a
 * server that starts).
 */
const SERVER_DIR = process.env['KESTREL_E2E_SERVER_DIR'] ? path.resolve(process.env['KESTREL_E2E_SERVER_DIR']) : REPO_DIR;

/** A running suite. */
export interface TestSuite {
  url: string;
  adminEmail: string;
  /** The bootstrap admin's one-time password (must be changed at first sign-in). */
  adminOneTimePassword: string;
  stop(): Promise<void>;
}

/** Starts the suite; `env` adds KESTREL_* settings. */
export async function startTestSuite(env: Record<string, string> = {}): Promise<TestSuite> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kestrel-e2e-'));
  const adminEmail = 'admin@kestrel.test';
  const output: string[] = [];
  const suite = await startSuiteProcess(
    (entry, args, childEnv) => {
      const child = fork(entry, [...args], { cwd: SERVER_DIR, env: { ...process.env, ...childEnv }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
      return { stdout: child.stdout, stderr: child.stderr, onExit: (listener) => child.on('exit', listener), kill: () => child.kill('SIGTERM') };
    },
    {
      entry: path.join(SERVER_DIR, 'server/cli/bin/kestrel.js'),
      dataDir,
      timeoutMs: 180_000,
      onLine: (line) => output.push(line),
      env: {
        KESTREL_AUTH_BOOTSTRAP_ADMIN_EMAIL: adminEmail,
        KESTREL_LOG_LEVEL: 'warn',
        // The tests log in many times from one address in a few minutes. The anonymous limit
        // stays at its default here (the simulation's ingest carries a service token, which the
        // gateway does not rate-limit); a test that signs in more often raises it itself.
        KESTREL_GATEWAY_RATE_LIMIT_PER_MINUTE: '100000',
        KESTREL_AUTH_LOGIN_ATTEMPTS_PER_IP: '100000',
        // The renderer this test process built (build-renderer.ts), not the shared desktop/out.
        ...(builtRendererRoot() ? { KESTREL_WEB_UI_ROOT: builtRendererRoot()! } : {}),
        ...env,
      },
    },
  ).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const line = suite.startupLines.find((each) => each.startsWith(`Kestrel admin ${adminEmail} one-time password: `));
  if (!line) {
    await suite.stop();
    throw new Error(`the suite printed no bootstrap admin password:\n${output.slice(-30).join('\n')}`);
  }
  return {
    url: suite.url,
    adminEmail,
    adminOneTimePassword: line.slice(line.lastIndexOf(' ') + 1),
    stop: async () => {
      await suite.stop();
      // The embedded PostgreSQL may still be flushing files for a moment after the suite exits.
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}
