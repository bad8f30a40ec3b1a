// Standalone entry of the order service (the suite shape): `tsx server/order/src/server.ts`.
import { runService } from '@kestrel/server-common';
import { orderService } from './app.js';

await runService(orderService);
