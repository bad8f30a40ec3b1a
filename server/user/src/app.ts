// The user service as a Kestrel ServiceModule: profiles, preferences, workspace layouts.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineService } from '@kestrel/server-common';
import { acceptAnyJsonKeys } from './json-documents.js';
import { userRoutes } from './routes/user-routes.js';

/** The user service. */
export const userService = defineService({
  name: 'user',
  migrationsDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations'),
  async plugin(app, deps) {
    acceptAnyJsonKeys(app);
    await app.register(userRoutes, { db: deps.db });
  },
});
