// Runs a Kestrel entry point as a child process for end-to-end tests: a clean environment (no
// KESTREL_* leaking in from the test runner), captured output, helpers to wait for a line and for
// the exit code. Every child is killed at the end of the test that started it.
import { spawn, type ChildProcess } from 'node:child_process';

/** A running child with its captured output. */
export interface Child {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout match of `pattern`; rejects if the child exits first or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (128 + n when killed by signal n). */
  exited: Promise<number>;
}

const SIGNALS: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** The parent's environment without any KESTREL_* variable, plus `env`. */
export function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KESTREL_')));
  return { ...base, ...env };
}

/** Starts `node <args>` in `cwd`. */
export function startChild(args: string[], options: { env: Record<string, string>; cwd: string }): Child {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? (SIGNALS[signal] ?? 0) : 0)));
  });
  let done = false;
  void exited.then(() => (done = true));
  return {
    process: child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const poll = () => {
          const match = out.match(pattern);
          if (match) return resolve(match);
          if (done) return reject(new Error(`child exited before printing ${pattern}; stdout: ${out}\nstderr: ${err}`));
          if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${pattern}; stdout: ${out}\nstderr: ${err}`));
          setTimeout(poll, 25);
        };
        poll();
      });
    },
  };
}
