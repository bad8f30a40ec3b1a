// Standalone entry of the auth service (suite shape): `tsx server/auth/src/server.ts`.
import { runService } from '@kestrel/server-common';
import { authService } from './app.js';

await runService(authService);
