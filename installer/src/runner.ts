// Runs external programs (docker, pg_dump, kafka tools). Every step that shells out takes a
// CommandRunner, so the steps that need a Docker engine can be exercised against a recording fake
// in tests while pg_dump/pg_restore run for real. Invariant: arguments are passed as an array
// (never through a shell), so values from .env cannot inject commands.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { AdminError } from './errors.js';

/** What to run and how. */
export interface RunOptions {
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** Bytes or a file fed to stdin. */
  input?: string | { file: string };
  /** Write stdout to this file instead of capturing it (large dumps). */
  stdoutFile?: string;
  timeoutMs?: number;
}

/** How a command ended. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one program with arguments. */
export interface CommandRunner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
}

/** The real runner: spawns processes (no shell). A missing program resolves with code 127. */
export const processRunner: CommandRunner = {
  run(command, args, options = {}) {
    return new Promise((resolve, reject) => {
      const child = spawn(command, [...args], {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
        timeout: options.timeoutMs,
      });
      let stdout = '';
      let stderr = '';
      const writes: Promise<void>[] = [];
      if (options.stdoutFile) writes.push(pipeline(child.stdout, createWriteStream(options.stdoutFile, { mode: 0o600 })));
      else child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') resolve({ code: 127, stdout, stderr: `${command}: not found` });
        else reject(error);
      });
      if (options.input === undefined) child.stdin.end();
      else if (typeof options.input === 'string') child.stdin.end(options.input);
      else writes.push(pipeline(createReadStream(options.input.file), child.stdin));
      child.on('close', (code, signal) => {
        Promise.all(writes).then(
          () => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }),
          (error: unknown) => reject(error),
        );
      });
    });
  },
};

/** Runs a command and throws ADMIN_COMMAND_FAILED (with its stderr) unless it exits 0. */
export async function runChecked(runner: CommandRunner, command: string, args: readonly string[], options?: RunOptions): Promise<RunResult> {
  const result = await runner.run(command, args, options);
  if (result.code !== 0) {
    const detail = (result.stderr || result.stdout).trim().split('\n').slice(-5).join('\n');
    throw new AdminError('ADMIN_COMMAND_FAILED', `\`${[command, ...args].join(' ')}\` exited with ${result.code}${detail ? `:\n${detail}` : ''}`);
  }
  return result;
}
