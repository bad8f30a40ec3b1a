// The portfolio service as a Kestrel ServiceModule: routes under /v1 (accounts, positions, P&L,
// exposure, VaR, internal buying-power, market inputs and account history), its migrations, its config section,
// and the orders.executed and instruments.updated consumers on the process's event bus. Its error handler turns trading
// contract errors caused by the request's data into PORTFOLIO_* codes and hands everything to the
// common handler (server/common errors), which writes the response.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineService } from '@kestrel/server-common';
import { PortfolioConfigSchema } from './config.js';
import { subscribeExecutions } from './consumer.js';
import { translateTradingError } from './errors.js';
import { subscribeInstruments } from './instrument-consumer.js';
import { accountRoutes } from './routes/account-routes.js';
import { historyRoutes } from './routes/history-routes.js';
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
    // Throwing from a context's error handler passes the error on to the parent's (the common one).
    app.setErrorHandler((error) => {
      throw translateTradingError(error);
    });
    await app.register(accountRoutes, { db: deps.db });
    await app.register(positionRoutes, { db: deps.db });
    await app.register(pnlRoutes, { db: deps.db, maxPoints: config.pnlMaxPoints });
    await app.register(riskRoutes, {
      db: deps.db,
      varOptions: { windowDays: config.varWindowDays, confidenceBps: config.varConfidenceBps, minScenarios: config.varMinScenarios },
    });
    await app.register(internalRoutes, { db: deps.db, serviceToken: config.serviceToken });
    await app.register(historyRoutes, { db: deps.db, serviceToken: config.serviceToken });
    const subscription = await subscribeExecutions(deps.bus, deps.db, config.consumerGroup, deps.logger.child({ service: 'portfolio' }));
    deps.lifecycle.onClose('portfolio orders.executed consumer', () => subscription.close());
    const instruments = await subscribeInstruments(deps.bus, deps.db, config.instrumentsConsumerGroup, deps.logger.child({ service: 'portfolio' }));
    deps.lifecycle.onClose('portfolio instruments.updated consumer', () => instruments.close());
  },
});
