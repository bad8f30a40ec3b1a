// The web-ui service as a Kestrel ServiceModule: serves the desktop renderer as the suite's web
// UI at `/`. In the browser the renderer talks REST (`/v1/...`) and the WebSocket stream
// (`/v1/stream`) to this same origin, so no CORS is involved. It owns no tables and no API
// routes; mounting it is optional (a headless suite simply leaves it out).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineService } from '@kestrel/server-common';
import { WebUiConfigSchema } from './config.js';
import { staticRoutes } from './routes/static-routes.js';

/** Where `npm run build -w desktop` writes the renderer, relative to this package. */
export const DEFAULT_RENDERER_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../desktop/out/renderer');

/** The web-ui service. */
export const webUiService = defineService({
  name: 'web-ui',
  config: WebUiConfigSchema,
  async plugin(app, deps) {
    const root = deps.serviceConfig.root === '' ? DEFAULT_RENDERER_ROOT : path.resolve(deps.serviceConfig.root);
    const built = await staticRoutes(app, { root });
    if (built) deps.logger.info({ root }, 'web UI served at /');
    else deps.logger.warn({ root }, 'web UI not built: run `npm run build -w desktop`; / answers 503 until then');
  },
});
