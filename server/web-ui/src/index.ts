// Public API of @kestrel/server-web-ui: the service module and its config schema.
export { DEFAULT_RENDERER_ROOT, webUiService } from './app.js';
export { WebUiConfigSchema, type WebUiConfig } from './config.js';
