// Standalone entry of the strategy service (the suite shape): `tsx server/strategy/src/server.ts`.
import { runService } from '@kestrel/server-common';
import { strategyService } from './app.js';

await runService(strategyService);
