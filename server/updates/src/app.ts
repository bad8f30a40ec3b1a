// The updates service as a Kestrel ServiceModule: serves the desktop update feed (electron-updater
// generic provider) from object storage. It owns no tables; `kestrel-admin updates publish` (or
// any S3 client) writes the files under `<prefix>/<channel>/`. Mounted by `kestrel serve --all`
// (local-folder storage in the embedded shape) and as its own container in the suite.
import { defineService } from '@kestrel/server-common';
import { UpdatesConfigSchema } from './config.js';
import { createUpdatesMetrics } from './metrics.js';
import { feedRoutes } from './routes/feed-routes.js';

/** The updates service. */
export const updatesService = defineService({
  name: 'updates',
  config: UpdatesConfigSchema,
  async plugin(app, deps) {
    const config = deps.serviceConfig;
    await app.register(feedRoutes, {
      storage: deps.storage,
      channels: config.channels,
      keyPrefix: config.prefix,
      artifactMaxAgeSeconds: config.artifactMaxAgeSeconds,
      metrics: createUpdatesMetrics(deps.metrics.registry),
    });
  },
});
