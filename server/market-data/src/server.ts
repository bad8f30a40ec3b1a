// Standalone entry of the market-data service (the suite shape): `tsx server/market-data/src/server.ts`.
import { runService } from '@kestrel/server-common';
import { marketDataService } from './app.js';

await runService(marketDataService);
