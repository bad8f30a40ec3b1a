// The simulation service as a Kestrel ServiceModule: paper accounts (/v1/paper-accounts), replay
// sessions paper accounts trade through (/v1/replay-sessions) and their feeds' snapshots
// (/v1/replay-market-data), scenario analysis (/v1/scenarios)
// and paper performance analytics. It owns no market or account state of its own beyond the
// paper-account registry: accounts, positions and P&L are the portfolio's, replays and history the
// market-data service's, live paper orders the order service's — reached over HTTP (configured
// base URLs in the suite shape, in-process inject() in the embedded shape). It must be mounted
// after the services it calls so their routes exist when a request arrives (services.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineService } from '@kestrel/server-common';
import type { MarketTicksMessage } from '@kestrel/shared';
import { MarketDataClient } from './clients/market-data-client.js';
import { OrderClient } from './clients/order-client.js';
import { PortfolioClient } from './clients/portfolio-client.js';
import { httpTransport, injectTransport } from './clients/upstream.js';
import { SimulationConfigSchema } from './config.js';
import { ReplaySessions } from './replay/replay-sessions.js';
import { replayFeedRoutes } from './routes/replay-feed-routes.js';
import { paperAccountRoutes } from './routes/paper-account-routes.js';
import { scenarioRoutes } from './routes/scenario-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import type { PaperContext } from './services/paper-accounts.js';

/** The simulation service. */
export const simulationService = defineService({
  name: 'simulation',
  migrationsDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations'),
  config: SimulationConfigSchema,
  async plugin(app, deps) {
    const config = deps.serviceConfig;
    const logger = deps.logger.child({ service: 'simulation' });
    const transport = (service: string, url: string | undefined) =>
      url ? httpTransport(service, url, config.requestTimeoutMs) : injectTransport(service, app, config.requestTimeoutMs);
    const token = config.portfolioServiceToken ?? (deps.config.sections['portfolio']?.serviceToken as string | undefined);
    if (token === undefined) logger.warn('no portfolio service token (KESTREL_SIMULATION_PORTFOLIO_SERVICE_TOKEN or KESTREL_PORTFOLIO_SERVICE_TOKEN): paper accounts cannot be funded');
    const portfolio = new PortfolioClient(transport('portfolio', config.portfolioUrl), token);
    const marketData = new MarketDataClient(transport('market-data', config.marketDataUrl));
    // Embedded: the order section of this very process holds the token the order service expects.
    const orderToken = config.orderServiceToken ?? (deps.config.sections['order']?.serviceToken as string | undefined);
    if (orderToken === undefined) logger.warn('no order service token (KESTREL_SIMULATION_ORDER_SERVICE_TOKEN or KESTREL_ORDER_SERVICE_TOKEN): replay sessions cannot read risk settings and refuse orders');
    const orders = new OrderClient(transport('order', config.orderUrl), orderToken);
    const paper: PaperContext = { db: deps.db, portfolio, orders, defaultCashMinor: config.defaultCashMinor, maxPaperAccounts: config.maxPaperAccounts };
    const sessions = new ReplaySessions({ db: deps.db, portfolio, marketData, orders, channels: deps.channels, logger, maxSessions: config.maxReplaySessions });
    const subscription = await deps.channels.subscribe('market.ticks', (message) => sessions.onMessage(message.payload as MarketTicksMessage));
    deps.lifecycle.onClose('simulation replay sessions', async () => {
      await subscription.close();
      sessions.closeAll();
    });
    // Once every route exists (in-process calls need the server ready): free what lost sessions held.
    app.addHook('onReady', async () => {
      void sessions
        .releaseOrphans()
        .then((released) => released > 0 && logger.info({ released }, 'released the reservations of replay orders of an earlier process'))
        .catch((error: unknown) => logger.warn({ err: error }, 'could not release the reservations of earlier replay orders; retried at the next start'));
    });
    await app.register(paperAccountRoutes, { context: paper, sessions });
    await app.register(sessionRoutes, { sessions, paper });
    await app.register(replayFeedRoutes, { sessions });
    await app.register(scenarioRoutes, { context: { portfolio, marketData, orders } });
  },
});
