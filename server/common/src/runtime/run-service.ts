// The standalone entry of one service (the suite shape), so `server/<svc>/src/server.ts` is:
//   import { runService } from '@kestrel/server-common';
//   import { authService } from './app.js';
//   await runService(authService);
// It accepts `--config <file>`, requires KESTREL_DATABASE_URL, runs the service's migrations
// when KESTREL_DATABASE_MIGRATE_ON_START is true, listens and shuts down on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.js';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import { installShutdownSignals } from '../lifecycle/signals.js';
import { createLogger } from '../log/logger.js';
import type { ServiceModule } from '../service.js';
import { startServer, type RunningServer } from './start-server.js';
import { EXIT_USAGE, failStartup } from './startup-failure.js';

/** Starts one service as its own process; exits the process on start-up failure. */
export async function runService(module: ServiceModule, argv: readonly string[] = process.argv.slice(2)): Promise<RunningServer> {
  let configFile: string | undefined;
  try {
    configFile = parseArgs({ args: [...argv], options: { config: { type: 'string' } }, strict: true }).values.config;
  } catch (error) {
    process.stderr.write(`usage: ${module.name} [--config <file.json>]: ${(error as Error).message}\n`);
    process.exit(EXIT_USAGE);
  }
  let config;
  let warnings: string[];
  try {
    ({ config, warnings } = loadConfig({
      configFile,
      sections: module.config ? [{ name: module.name, schema: module.config }] : [],
    }));
  } catch (error) {
    return failStartup(error);
  }
  const logger = createLogger({ level: config.log.level, base: { service: module.name } });
  for (const warning of warnings) logger.warn(warning);
  const lifecycle = new Lifecycle(logger);
  installShutdownSignals(lifecycle, { graceMs: config.shutdown.graceMs, logger });
  try {
    const server = await startServer({ config, modules: [module], logger, lifecycle, processName: `kestrel-${module.name}` });
    logger.info({ url: server.url }, `${module.name} listening`);
    return server;
  } catch (error) {
    return failStartup(error, { logger, lifecycle, graceMs: config.shutdown.graceMs });
  }
}
