// Registry of every service `kestrel serve --all` mounts and `kestrel migrate` migrates, in
// start order. Adding a service = one import and one entry here. The CLI is the only package
// allowed to import service packages (the lint rules enforce that services never import each
// other).
import type { ServiceModule } from '@kestrel/server-common';
import { authService } from '@kestrel/server-auth';
import { executionService } from '@kestrel/server-execution';
import { gatewayService } from '@kestrel/server-gateway';
import { marketDataService } from '@kestrel/server-market-data';
import { orderService } from '@kestrel/server-order';
import { portfolioService } from '@kestrel/server-portfolio';
import { reportingService } from '@kestrel/server-reporting';
import { simulationService } from '@kestrel/server-simulation';
import { strategyService } from '@kestrel/server-strategy';
import { streamService } from '@kestrel/server-stream';
import { updatesService } from '@kestrel/server-updates';
import { userService } from '@kestrel/server-user';
import { webUiService } from '@kestrel/server-web-ui';

/** Every service this build of Kestrel ships, in the order they are mounted and migrated. */
export const SERVICES: readonly ServiceModule[] = [
  // The gateway first: it hooks authentication, rate limits and the OpenAPI collection into every
  // service mounted after it (server/gateway/src/root-instance.ts).
  gatewayService,
  authService,
  userService,
  portfolioService,
  marketDataService,
  orderService,
  // After the order service: it hosts the engine and answers the order service's orders.commands.
  executionService,
  // After order and market-data: deployments place orders and read bars through their routes.
  strategyService,
  // Calls the portfolio, market-data and order routes in-process and reads market.ticks.
  simulationService,
  // After the services whose routes its snapshots read in-process (market-data, order, portfolio).
  streamService,
  // Reads the portfolio's tables and the object storage; needs nothing mounted before it but the gateway.
  reportingService,
  updatesService,
  // Last: it only adds / and the renderer's files, which no API route may be shadowed by.
  webUiService,
];
