// Standalone entry of the user service (suite shape).
import { runService } from '@kestrel/server-common';
import { userService } from './app.js';

await runService(userService);
