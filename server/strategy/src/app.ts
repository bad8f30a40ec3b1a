// The strategy service as a Kestrel ServiceModule: routes under /v1 (strategies, deployments,
// backtest / optimisation / walk-forward jobs), its migrations and config section, the deployment
// manager (bus consumers, worker sandboxes) whose running deployments resume when the service
// starts, and the job runner. Other services are reached only
// through their public HTTP APIs: over the network through the gateway when `strategy.apiUrl` is
// set (suite shape), otherwise in-process through this server's own router (embedded shape).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineService } from '@kestrel/server-common';
import { httpTransport, injectTransport } from './clients/api-client.js';
import { StrategyConfigSchema } from './config.js';
import { JobRunner } from './jobs/job-runner.js';
import { deploymentRoutes } from './routes/deployment-routes.js';
import { jobRoutes } from './routes/job-routes.js';
import { strategyRoutes } from './routes/strategy-routes.js';
import type { ServiceContext } from './service/context.js';
import { DeploymentManager } from './service/deployment-manager.js';

/** The strategy service. */
export const strategyService = defineService({
  name: 'strategy',
  migrationsDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations'),
  config: StrategyConfigSchema,
  async plugin(app, deps) {
    const config = deps.serviceConfig;
    const logger = deps.logger.child({ service: 'strategy' });
    if (config.credentialKey === undefined) logger.warn('no KESTREL_STRATEGY_CREDENTIAL_KEY: strategy deployments cannot start');
    const context: ServiceContext = {
      db: deps.db,
      config,
      logger,
      api: config.apiUrl ? httpTransport(config.apiUrl, config.apiTimeoutMs) : injectTransport(app, config.apiTimeoutMs),
      bus: deps.bus,
      channels: deps.channels,
      sealKey: config.credentialKey === undefined ? null : Buffer.from(config.credentialKey, 'hex'),
    };
    const deployments = new DeploymentManager(context);
    await app.register(strategyRoutes, { context });
    const jobs = new JobRunner(context);
    await app.register(deploymentRoutes, { deployments });
    await app.register(jobRoutes, { jobs, workers: config.jobWorkers, bodyLimit: config.jobBodyMaxBytes });
    deps.lifecycle.onClose('strategy deployments', () => deployments.close());
    deps.lifecycle.onClose('strategy jobs', () => jobs.close());
    app.addHook('onReady', async () => {
      const interrupted = await jobs.recover();
      if (interrupted > 0) logger.warn({ interrupted }, 'strategy jobs interrupted by the restart were marked failed');
      await deployments.subscribe();
      // Resumed in the background: a deployment's warm-up calls other routes of this server.
      setImmediate(() => {
        deployments.resumeAll().then(
          (resumed) => resumed > 0 && logger.info({ resumed }, 'strategy deployments resumed'),
          (error: unknown) => logger.error({ err: error }, 'resuming strategy deployments failed'),
        );
      });
    });
  },
});
