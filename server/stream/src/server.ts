// Standalone entry of the stream service (the suite shape): `tsx server/stream/src/server.ts`.
import { runService } from '@kestrel/server-common';
import { streamService } from './app.js';

await runService(streamService);
