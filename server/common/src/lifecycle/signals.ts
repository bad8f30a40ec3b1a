// Turns SIGINT/SIGTERM into one graceful shutdown. The first signal starts Lifecycle.close()
// bounded by the grace period and exits 0 when it finishes cleanly (1 otherwise); a second
// signal while shutting down exits immediately with 128 + signal number, for an operator who
// does not want to wait.
import type { Logger } from 'pino';
import type { Lifecycle } from './lifecycle.js';

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGINT: 2, SIGTERM: 15 };

/** Options of installShutdownSignals; `exit` is injectable for tests. */
export interface ShutdownSignalOptions {
  graceMs: number;
  logger: Logger;
  exit?: (code: number) => void;
}

/** Installs the handlers; returns a function that removes them. */
export function installShutdownSignals(lifecycle: Lifecycle, options: ShutdownSignalOptions): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      options.logger.warn({ signal }, 'second signal: exiting without waiting');
      exit(128 + (SIGNAL_NUMBERS[signal] ?? 0));
      return;
    }
    signalled = true;
    options.logger.info({ signal, graceMs: options.graceMs }, 'shutting down');
    void lifecycle.close(options.graceMs).then((result) => {
      options.logger.info({ clean: result.clean, failed: result.failed }, 'shutdown complete');
      exit(result.clean ? 0 : 1);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
