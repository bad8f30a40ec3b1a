// How a process that failed to start reports it and exits. A configuration problem is one line
// on stderr and exit code 78 (EX_CONFIG), with no stack trace, because the operator's fix is to
// change a value, and the line names which; anything else is logged with its stack and exits 1.
// Whatever had started is closed first.
import type { Logger } from 'pino';
import { ConfigError, EXIT_CONFIG } from '../config/config-error.js';
import type { Lifecycle } from '../lifecycle/lifecycle.js';

/** Exit code of any start-up failure that is not a configuration error. */
export const EXIT_FAILURE = 1;

/** Exit code for invalid command-line usage (sysexits.h EX_USAGE). */
export const EXIT_USAGE = 64;

/** Reports `error`, closes what started (within `graceMs`) and exits. */
export async function failStartup(
  error: unknown,
  context: { logger?: Logger; lifecycle?: Lifecycle; graceMs?: number } = {},
): Promise<never> {
  let code = EXIT_FAILURE;
  if (error instanceof ConfigError) {
    code = EXIT_CONFIG;
    process.stderr.write(error.toLine() + '\n');
  } else if (context.logger) {
    context.logger.fatal({ err: error }, 'start-up failed');
  } else {
    process.stderr.write(`start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  await context.lifecycle?.close(context.graceMs ?? 15_000);
  process.exit(code);
}
