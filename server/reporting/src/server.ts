// Standalone entry of the reporting service (the suite shape): `tsx server/reporting/src/server.ts`.
import { runService } from '@kestrel/server-common';
import { reportingService } from './app.js';

await runService(reportingService);
