// Command-line parsing of `kestrel`. Invariant: bad usage is reported as one line plus a hint
// and exit code 64 (EX_USAGE), distinct from configuration errors (78).
import { parseArgs } from 'node:util';

/** A parsed command line. */
export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'serve'; configFile?: string; all: boolean; services: string[] }
  | { kind: 'migrate'; configFile?: string; services: string[] }
  | { kind: 'admin-create'; configFile?: string; email: string; password?: string };

/** Bad usage; the message is shown with a pointer to --help. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The text of `kestrel --help`. */
export const HELP = `Usage: kestrel <command> [options]

Commands:
  serve [--all | <service>...]   Start the server. With --all (the embedded default) every service
                                 is mounted in one process; without arguments KESTREL_SERVICES
                                 decides. Without KESTREL_DATABASE_URL an embedded PostgreSQL is
                                 started under the data dir.
  migrate [<service>...]         Run pending database migrations of every (or the named) service,
                                 then exit. Safe to run while servers are up or concurrently.
  admin create --email <address> [--password <password>]
                                 Create an administrator (or promote and reset the account with
                                 that email), migrating the auth tables first. Without --password
                                 a one-time password is generated, printed once on stdout and
                                 must be changed at first login.
  backtest --data <csv> --strategy <name> [options]
                                 Backtest a strategy over OHLCV bars from a CSV file
                                 (\`kestrel backtest --help\`; docs/strategies.md).
  optimise --data <csv> --strategy <name> --space <name=spec> [options]
                                 Grid/random parameter search or walk-forward analysis on
                                 worker threads (\`kestrel optimise --help\`).
  help                           Show this help.

Options:
  --config <file.json>           Read settings from a JSON file (also KESTREL_CONFIG_FILE);
                                 KESTREL_* environment variables override it.
  -h, --help                     Show this help.
  -v, --version                  Print the version.

Settings are documented in docs/configuration.md. Exit codes: 0 ok, 1 failure,
64 bad usage, 78 invalid configuration.
`;

/** Parses `argv` (without node and script); throws UsageError. */
export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string' },
        all: { type: 'boolean' },
        email: { type: 'string' },
        password: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [name, ...rest] = positionals;
  if (name !== 'admin' && (values.email !== undefined || values.password !== undefined)) {
    throw new UsageError('--email and --password belong to `admin create`');
  }
  switch (name) {
    case undefined:
    case 'help':
      return { kind: 'help' };
    case 'serve':
      if (values.all && rest.length > 0) throw new UsageError('serve takes either --all or service names, not both');
      return { kind: 'serve', configFile: values.config, all: values.all ?? false, services: rest };
    case 'migrate':
      if (values.all) throw new UsageError('migrate runs every service by default; --all is not needed');
      return { kind: 'migrate', configFile: values.config, services: rest };
    case 'admin': {
      if (rest.length !== 1 || rest[0] !== 'create') throw new UsageError('admin takes one subcommand: create');
      if (values.all) throw new UsageError('admin create does not take --all');
      if (values.email === undefined) throw new UsageError('admin create needs --email <address>');
      const command: Command = { kind: 'admin-create', configFile: values.config, email: values.email };
      return values.password === undefined ? command : { ...command, password: values.password };
    }
    default:
      throw new UsageError(`unknown command "${name}"`);
  }
}
