// The one embedded suite of offline mode: started on demand with the suite-process launcher under
// a plain Node.js child process, its state in `<userData>/offline` (so it persists between
// sessions), stopped when the app quits. Invariants: at most one suite runs; a second start
// returns the running one's URL; a failed start leaves nothing running. On the very first start
// the suite creates the local administrator (OFFLINE_ADMIN_EMAIL) with a one-time password, which
// is written to `<dataDir>/first-sign-in.txt` (owner-only) for the user to sign in and change it.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startSuiteProcess, type ForkSuite, type RunningSuite } from './suite-process.js';

/** The administrator of a fresh offline suite. */
export const OFFLINE_ADMIN_EMAIL = 'offline-admin@kestrel.localhost';

/** A forker that runs `entry` with the given Node.js binary. */
export function nodeForker(nodeBinary: string, cwd: string): ForkSuite {
  return (entry, args, env) => {
    const child = spawn(nodeBinary, [entry, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    return { stdout: child.stdout, stderr: child.stderr, onExit: (listener) => child.on('exit', listener), kill: () => child.kill('SIGTERM') };
  };
}

/** Owns the embedded suite process. */
export class EmbeddedSuite {
  private running: Promise<RunningSuite> | null = null;

  constructor(
    private readonly fork: ForkSuite,
    private readonly entry: string,
    private readonly dataDir: string,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Starts the suite (once) and returns its URL. */
  async start(): Promise<string> {
    if (!this.running) {
      this.running = startSuiteProcess(this.fork, {
        entry: this.entry,
        dataDir: this.dataDir,
        timeoutMs: 180_000,
        onLine: this.log,
        env: { KESTREL_AUTH_BOOTSTRAP_ADMIN_EMAIL: OFFLINE_ADMIN_EMAIL },
      }).then(async (suite) => {
        const line = suite.startupLines.find((each) => each.startsWith(`Kestrel admin ${OFFLINE_ADMIN_EMAIL} one-time password: `));
        if (line) {
          const password = line.slice(line.lastIndexOf(' ') + 1);
          await writeFile(path.join(this.dataDir, 'first-sign-in.txt'), `Sign in to the offline Kestrel as ${OFFLINE_ADMIN_EMAIL} with the one-time password ${password}\n`, { mode: 0o600 });
        }
        return suite;
      });
      this.running.catch(() => {
        this.running = null;
      });
    }
    return (await this.running).url;
  }

  /** Stops the suite if it runs. */
  async stop(): Promise<void> {
    const running = this.running;
    this.running = null;
    if (running) await (await running.catch(() => null))?.stop();
  }
}
