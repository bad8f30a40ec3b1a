// Starts a Kestrel suite (`kestrel serve --all`) as a child process and waits until it prints
// `Kestrel is running at <url>`. This is the hook of offline mode: in Electron the child is a
// utilityProcess running the bundled CLI on a data folder under userData, bound to 127.0.0.1 on
// a free port; the end-to-end tests use the same code with node's child_process. Invariants: the
// child always binds to loopback with port 0 (never a fixed, guessable port); a child that exits
// or stays silent past the timeout is a failed start (the child is killed), never a hang.

/** The part of a child process (node ChildProcess or Electron UtilityProcess) the launcher uses. */
export interface SuiteChild {
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

/** Forks the suite entry with arguments and environment. */
export type ForkSuite = (entry: string, args: readonly string[], env: Readonly<Record<string, string>>) => SuiteChild;

/** How to start the suite. */
export interface SuiteProcessOptions {
  /** The CLI entry (server/cli/bin/kestrel.js or the bundled equivalent). */
  entry: string;
  /** The suite's state folder (embedded PostgreSQL, objects, secrets). */
  dataDir: string;
  /** Extra environment (KESTREL_* settings). */
  env?: Readonly<Record<string, string>>;
  /** Give up after this long (embedded PostgreSQL initialises on first start). */
  timeoutMs?: number;
  /** Receives each line the child prints (stdout and stderr). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** A running suite. */
export interface RunningSuite {
  readonly url: string;
  /** Lines printed before the ready line (e.g. the bootstrap admin's one-time password). */
  readonly startupLines: readonly string[];
  /** Stops the child and waits for it to exit. */
  stop(): Promise<void>;
}

const READY = /Kestrel is running at (\S+)/;

/** Starts the suite and resolves once it accepts requests. */
export function startSuiteProcess(fork: ForkSuite, options: SuiteProcessOptions): Promise<RunningSuite> {
  const env = { ...options.env, KESTREL_DATA_DIR: options.dataDir, KESTREL_HTTP_HOST: '127.0.0.1', KESTREL_HTTP_PORT: '0' };
  const child = fork(options.entry, ['serve', '--all'], env);
  const lines: string[] = [];
  let exited = false;
  let exitCode: number | null = null;
  const exitWaiters: Array<() => void> = [];
  child.onExit((code) => {
    exited = true;
    exitCode = code;
    for (const waiter of exitWaiters.splice(0)) waiter();
  });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (exited) return resolve();
      exitWaiters.push(resolve);
      child.kill();
    });

  return new Promise<RunningSuite>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(() => {
      settle(() => reject(new Error(`the suite did not start within ${options.timeoutMs ?? 120_000} ms; last output:\n${lines.slice(-20).join('\n')}`)));
      void stop();
    }, options.timeoutMs ?? 120_000);
    const watch = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr') => {
      if (!stream) return;
      let buffered = '';
      stream.on('data', (chunk: Buffer | string) => {
        buffered += chunk.toString();
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          options.onLine?.(line, name);
          const ready = name === 'stdout' ? READY.exec(line) : null;
          if (ready) settle(() => resolve({ url: ready[1] as string, startupLines: [...lines], stop }));
          else lines.push(line);
        }
      });
    };
    watch(child.stdout, 'stdout');
    watch(child.stderr, 'stderr');
    child.onExit(() => settle(() => reject(new Error(`the suite exited with code ${String(exitCode)} before it was ready:\n${lines.slice(-20).join('\n')}`))));
  });
}
