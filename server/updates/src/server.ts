// Standalone entry of the updates service (suite shape): `tsx server/updates/src/server.ts`.
import { runService } from '@kestrel/server-common';
import { updatesService } from './app.js';

await runService(updatesService);
