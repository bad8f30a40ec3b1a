// Ordered shutdown. Whatever starts a resource registers how to close it right after starting
// it; close() runs the hooks in reverse order (the HTTP listener, registered last, closes first,
// the database it depended on last). Invariants: close runs once (later calls share the first
// run); one failing hook is logged and does not stop the others; the whole run is bounded by a
// deadline, after which close() resolves with `clean: false` and the remaining hooks are skipped.
import type { Logger } from 'pino';

/** A close hook; it should release its resource and resolve. */
export type CloseHook = () => Promise<unknown> | unknown;

/** How a shutdown went. */
export interface CloseResult {
  /** True when every hook finished without error before the deadline. */
  clean: boolean;
  /** Hooks that threw or were still running at the deadline. */
  failed: string[];
}

/** Registry of close hooks, run in reverse registration order. */
export class Lifecycle {
  readonly #hooks: { name: string; hook: CloseHook }[] = [];
  readonly #logger: Logger | undefined;
  #closing: Promise<CloseResult> | undefined;

  constructor(logger?: Logger) {
    this.#logger = logger;
  }

  /** True once close() has been called; readiness reports it. */
  get closing(): boolean {
    return this.#closing !== undefined;
  }

  /** Registers a hook; hooks registered later run earlier. */
  onClose(name: string, hook: CloseHook): void {
    if (this.#closing) throw new Error(`cannot register close hook "${name}" during shutdown`);
    this.#hooks.push({ name, hook });
  }

  /** Runs every hook in reverse order within `deadlineMs`; safe to call more than once. */
  close(deadlineMs: number): Promise<CloseResult> {
    this.#closing ??= this.#run(deadlineMs);
    return this.#closing;
  }

  async #run(deadlineMs: number): Promise<CloseResult> {
    const failed: string[] = [];
    let current = '';
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), deadlineMs);
    });
    const run = (async () => {
      for (const { name, hook } of [...this.#hooks].reverse()) {
        current = name;
        const started = performance.now();
        try {
          await hook();
          this.#logger?.debug({ hook: name, ms: Math.round(performance.now() - started) }, 'closed');
        } catch (error) {
          failed.push(name);
          this.#logger?.error({ err: error, hook: name }, 'close hook failed');
        }
      }
      return 'done' as const;
    })();
    const outcome = await Promise.race([run, deadline]);
    clearTimeout(timer);
    if (outcome === 'deadline') {
      failed.push(current);
      this.#logger?.error({ hook: current, deadlineMs }, 'shutdown deadline passed; giving up on remaining close hooks');
      return { clean: false, failed };
    }
    return { clean: failed.length === 0, failed };
  }
}
