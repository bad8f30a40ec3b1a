// A background job that runs every `intervalMs` until stopped: one run at a time (a slow run
// delays the next, never overlaps it), failures logged and retried on the next tick, the timer
// unref'd so it never keeps a process alive, and stop() waits for a run in progress.
import type { CoreDeps } from '@kestrel/server-common';

/** The process logger type. */
type Logger = CoreDeps['logger'];

/** A running periodic job. */
export interface PeriodicJob {
  /** Runs the job now (outside the timer) and resolves when that run ends. */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `run` every `intervalMs`. */
export function startPeriodic(name: string, intervalMs: number, run: () => Promise<void>, logger: Logger): PeriodicJob {
  let current: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = (): Promise<void> => {
    current = current.then(async () => {
      if (stopped) return;
      try {
        await run();
      } catch (error) {
        logger.error({ err: error, job: name }, 'reporting job failed; retrying on the next tick');
      }
    });
    return current;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    runNow: tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
