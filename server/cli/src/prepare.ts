// What every long-running CLI command does first: load and validate configuration (including
// every registered service's section), choose the services, create the logger and lifecycle and
// hook shutdown signals; then, when no database URL is configured, start the embedded
// PostgreSQL and fill in the internal secrets generated into <dataDir>/secrets.json (see
// generated-secrets.ts; the external shape keeps only what the operator configured). Signals
// are installed before anything starts, so Ctrl-C during start-up still closes what was started.
import {
  ConfigError,
  Lifecycle,
  createLogger,
  installShutdownSignals,
  loadConfig,
  redactConnectionUrl,
  type KestrelConfig,
  type Logger,
  type ServiceModule,
} from '@kestrel/server-common';
import { UsageError } from './args.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { loadOrCreateSecrets, withGeneratedSecrets } from './generated-secrets.js';

/** A process ready to start its work. */
export interface Prepared {
  config: KestrelConfig;
  logger: Logger;
  lifecycle: Lifecycle;
  modules: ServiceModule[];
}

/** The modules named by `requested` (`all` = every one); unknown names are usage or config errors. */
export function selectServices(registry: readonly ServiceModule[], requested: readonly string[], from: 'arguments' | 'config'): ServiceModule[] {
  if (requested.includes('all')) return [...registry];
  const known = registry.map((module) => module.name);
  const unknown = requested.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    const message = `unknown service "${unknown[0]}" (known: ${known.length > 0 ? known.join(', ') : 'none'})`;
    if (from === 'arguments') throw new UsageError(message);
    throw new ConfigError('KESTREL_SERVICES', `KESTREL_SERVICES names an ${message}`);
  }
  return registry.filter((module) => requested.includes(module.name));
}

/** Loads configuration and sets up logging and shutdown; throws ConfigError or UsageError. */
export function prepare(options: { configFile?: string; requested?: readonly string[]; registry: readonly ServiceModule[] }): Prepared {
  const { config, warnings } = loadConfig({
    configFile: options.configFile,
    sections: options.registry.flatMap((module) => (module.config ? [{ name: module.name, schema: module.config }] : [])),
  });
  const modules =
    options.requested !== undefined
      ? selectServices(options.registry, options.requested, 'arguments')
      : selectServices(options.registry, config.services, 'config');
  const logger = createLogger({ level: config.log.level });
  for (const warning of warnings) logger.warn(warning);
  const lifecycle = new Lifecycle(logger);
  installShutdownSignals(lifecycle, { graceMs: config.shutdown.graceMs, logger });
  return { config, logger, lifecycle, modules };
}

/** The configuration with a database URL: the configured one, or a started embedded cluster's (plus generated secrets). */
export async function ensureDatabase(prepared: Prepared): Promise<KestrelConfig> {
  const { config, logger, lifecycle } = prepared;
  if (config.database.url !== undefined) {
    logger.info({ database: redactConnectionUrl(config.database.url) }, 'using external PostgreSQL');
    return config;
  }
  const { secrets, generated } = loadOrCreateSecrets(config.dataDir);
  // Names only: the values never reach the log.
  if (generated.length > 0) logger.info({ generated, file: 'secrets.json' }, 'generated internal secrets for the embedded server');
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort, logger });
  // Registered before the pool, so it stops after every connection to it is closed.
  lifecycle.onClose('embedded postgres', () => embedded.stop());
  return { ...withGeneratedSecrets(config, secrets), database: { ...config.database, url: embedded.url } };
}
