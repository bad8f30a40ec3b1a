// The order service as a Kestrel ServiceModule: routes under /v1 (orders, executions, parent
// orders, risk; /v1/internal/risk-settings for other services), its migrations and config section, the consumers of `orders.reports` (execution
// reports), `market.data` (trades, bars) and `instruments.updated` (instrument definitions), parent timers and the recovery sweep.
// createOrderService() takes the TimeSource so tests can drive time; `orderService` is the
// production module (system clock). The portfolio is reached over HTTP when `order.portfolioUrl`
// is set (suite shape), otherwise in-process through this server's own router (embedded shape).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineService } from '@kestrel/server-common';
import { HttpPortfolioClient, httpTransport, injectTransport } from './clients/portfolio-client.js';
import { OrderConfigSchema } from './config.js';
import { SystemTimeSource, type TimeSource } from './domain/time-source.js';
import { executionRoutes } from './routes/execution-routes.js';
import { internalRiskRoutes } from './routes/internal-risk-routes.js';
import { orderRoutes } from './routes/order-routes.js';
import { parentOrderRoutes } from './routes/parent-order-routes.js';
import { riskRoutes } from './routes/risk-routes.js';
import { AccountDirectory } from './services/account-directory.js';
import { BackgroundRouting } from './services/background-routing.js';
import type { OrderContext } from './services/context.js';
import { InstrumentCache } from './services/instrument-cache.js';
import { subscribeInstruments } from './services/instrument-consumer.js';
import { OrderBatches } from './services/order-batches.js';
import { subscribeMarketData } from './services/market-data-consumer.js';
import { orderMetrics } from './services/order-metrics.js';
import { OutboxExecutionVenue } from './services/outbox-venue.js';
import { ParentTimers } from './services/parent-timers.js';
import { RecoverySweep } from './services/recovery.js';
import { routeOrder } from './services/routing.js';
import { subscribeReports } from './services/report-consumer.js';

/** Options of createOrderService. */
export interface OrderServiceOptions {
  /** Where "now" comes from (default: the system clock). */
  time?: TimeSource;
}

/** The order service module with the given time source. */
export function createOrderService(options: OrderServiceOptions = {}) {
  return defineService({
    name: 'order',
    migrationsDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations'),
    config: OrderConfigSchema,
    async plugin(app, deps) {
      const config = deps.serviceConfig;
      const logger = deps.logger.child({ service: 'order' });
      // Embedded: the portfolio section of this very process holds the token the portfolio expects.
      const token = config.portfolioServiceToken ?? (deps.config.sections.portfolio?.serviceToken as string | undefined);
      if (token === undefined) {
        logger.warn('no portfolio service token (KESTREL_ORDER_PORTFOLIO_SERVICE_TOKEN or KESTREL_PORTFOLIO_SERVICE_TOKEN): buying-power checks will be refused and orders will wait in `new`');
      }
      const transport = config.portfolioUrl ? httpTransport(config.portfolioUrl, config.portfolioTimeoutMs) : injectTransport(app, config.portfolioTimeoutMs);
      const portfolio = new HttpPortfolioClient(transport, token);
      const timers = new ParentTimers();
      const time = options.time ?? new SystemTimeSource();
      const context: OrderContext = {
        db: deps.db,
        time,
        portfolio,
        accounts: new AccountDirectory(portfolio, config.accountCacheTtlMs),
        instruments: new InstrumentCache(deps.db, config.instrumentCacheTtlMs),
        batches: new OrderBatches(deps.db),
        channels: deps.channels,
        logger,
        config,
        timers,
        venue: new OutboxExecutionVenue(time),
        metrics: orderMetrics(deps.metrics.registry),
      };
      timers.attach(context);
      const background = new BackgroundRouting((order) => routeOrder(context, order.id, order), logger);
      context.metrics?.watchDetachedRoutings(() => background.running);
      deps.lifecycle.onClose('order background routing', () => background.close());
      await app.register(orderRoutes, { context, background });
      await app.register(executionRoutes, { context });
      await app.register(parentOrderRoutes, { context });
      await app.register(riskRoutes, { context });
      await app.register(internalRiskRoutes, { db: deps.db, serviceToken: config.serviceToken });

      const reports = await subscribeReports(context, deps.bus, config.reportsConsumerGroup);
      deps.lifecycle.onClose('order orders.reports consumer', () => reports.close());
      const marketData = await subscribeMarketData(context, deps.bus, config.marketDataConsumerGroup);
      deps.lifecycle.onClose('order market.data consumer', () => marketData.close());
      const instruments = await subscribeInstruments(deps.db, deps.bus, config.instrumentsConsumerGroup, logger, context.instruments);
      deps.lifecycle.onClose('order instruments.updated consumer', () => instruments.close());
      const sweep = new RecoverySweep(context);
      deps.lifecycle.onClose('order recovery sweep', () => sweep.stop());
      deps.lifecycle.onClose('order parent timers', () => timers.stop());
      app.addHook('onReady', async () => {
        const resumed = await timers.resume();
        const resent = await sweep.resendUnanswered();
        sweep.start();
        if (resumed > 0 || resent > 0) logger.info({ resumedParents: resumed, resentCommands: resent }, 'order service resumed');
      });
    },
  });
}

/** The order service. */
export const orderService = createOrderService();
