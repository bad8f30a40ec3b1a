// The portfolio service as a Kestrel ServiceModule: routes under /v1 (accounts, positions, P&L,
// exposure, VaR, internal buying-power and market inputs), its migrations, its config section,
// and — when the process has an event bus — the orders.executed consumer.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineService, type CoreDeps, type EventBus } from '@kestrel/server-common';
import { PortfolioConfigSchema } from './config.js';
import { subscribeExecutions } from './consumer.js';
import { accountRoutes } from './routes/account-routes.js';
import { internalRoutes } from './routes/internal-routes.js';
import { pnlRoutes } from './routes/pnl-routes.js';
import { positionRoutes } from './routes/position-routes.js';
import { riskRoutes } from './routes/risk-routes.js';

/** The portfolio service. */
export const portfolioService = defineService({
  name: 'portfolio',
  migrationsDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations'),
  config: PortfolioConfigSchema,
  async plugin(app, deps) {
    const config = deps.serviceConfig;
    await app.register(accountRoutes, { db: deps.db });
    await app.register(positionRoutes, { db: deps.db });
    await app.register(pnlRoutes, { db: deps.db, maxPoints: config.pnlMaxPoints });
    await app.register(riskRoutes, {
      db: deps.db,
      varOptions: { windowDays: config.varWindowDays, confidenceBps: config.varConfidenceBps, minScenarios: config.varMinScenarios },
    });
    await app.register(internalRoutes, { db: deps.db, serviceToken: config.serviceToken });
    // The bus joins the deps by declaration merging once server/common wires it into the runtime.
    const bus = (deps as CoreDeps & { bus?: EventBus }).bus;
    if (bus) {
      const subscription = await subscribeExecutions(bus, deps.db, config.consumerGroup, deps.logger.child({ service: 'portfolio' }));
      deps.lifecycle.onClose('portfolio orders.executed consumer', () => subscription.close());
    } else {
      deps.logger.warn('portfolio: no event bus in this process; orders.executed is not consumed');
    }
  },
});
