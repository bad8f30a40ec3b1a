// Entry point of the `kestrel` command (run through tsx: bin/kestrel.js or `npm start`).
// Exit codes: 0 success, 1 failure, 64 bad usage (EX_USAGE), 78 invalid configuration
// (EX_CONFIG, one line on stderr naming the key).
import { readFileSync } from 'node:fs';
import { EXIT_USAGE, failStartup } from '@kestrel/server-common';
import { HELP, UsageError, parseCommand } from './args.js';
import { adminCreate, checkAdminRequest } from './commands/admin.js';
import { migrate } from './commands/migrate.js';
import { serve } from './commands/serve.js';
import { prepare, type Prepared } from './prepare.js';
import { SERVICES } from './services.js';

function usageExit(error: UsageError): never {
  process.stderr.write(`kestrel: ${error.message}\nRun \`kestrel --help\` for usage.\n`);
  process.exit(EXIT_USAGE);
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === 'backtest') {
    const { backtestCommand } = await import('./commands/backtest.js');
    process.exitCode = await backtestCommand(argv.slice(1));
    return;
  }
  if (argv[0] === 'optimise') {
    const { optimiseCommand } = await import('./commands/optimise.js');
    process.exitCode = await optimiseCommand(argv.slice(1));
    return;
  }
  let command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    return usageExit(error as UsageError);
  }
  if (command.kind === 'help') {
    process.stdout.write(HELP);
    return;
  }
  if (command.kind === 'version') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`kestrel ${pkg.version}\n`);
    return;
  }

  let prepared: Prepared;
  try {
    if (command.kind === 'admin-create') checkAdminRequest(command);
    const requested =
      command.kind === 'admin-create'
        ? ['auth']
        : command.kind === 'serve' && command.all
          ? ['all']
          : command.services.length > 0
            ? command.services
            : undefined;
    prepared = prepare({ configFile: command.configFile, requested, registry: SERVICES });
  } catch (error) {
    if (error instanceof UsageError) return usageExit(error);
    return failStartup(error);
  }
  const context = { logger: prepared.logger, lifecycle: prepared.lifecycle, graceMs: prepared.config.shutdown.graceMs };
  try {
    if (command.kind === 'serve') {
      await serve(prepared);
      return;
    }
    if (command.kind === 'admin-create') await adminCreate(prepared, command);
    else await migrate(prepared);
  } catch (error) {
    return failStartup(error, context);
  }
  const result = await prepared.lifecycle.close(context.graceMs);
  process.exit(result.clean ? 0 : 1);
}

await main(process.argv.slice(2));
