// Standalone entry of the portfolio service (the suite shape): `tsx server/portfolio/src/server.ts`.
import { runService } from '@kestrel/server-common';
import { portfolioService } from './app.js';

await runService(portfolioService);
