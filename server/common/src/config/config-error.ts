// The one error type configuration loading throws. Its message is a complete sentence naming the
// offending key (an env var, `--config`, or `section.key in <file>`), so the process can print it
// on one line and exit with EX_CONFIG instead of a stack trace.

/** sysexits.h EX_CONFIG: the process exits with it when configuration is invalid. */
export const EXIT_CONFIG = 78;

/** A configuration problem, reported to the operator as `config error: <message>`. */
export class ConfigError extends Error {
  /** The env var, flag or file key the problem is about. */
  readonly key: string;

  constructor(key: string, message: string) {
    super(message);
    this.name = 'ConfigError';
    this.key = key;
  }

  /** The single line printed to stderr. */
  toLine(): string {
    return `config error: ${this.message}`;
  }
}
