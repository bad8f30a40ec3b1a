// Public API of @kestrel/server-updates: the service module and its config schema.
export { updatesService } from './app.js';
export { UpdatesConfigSchema, type UpdatesConfig } from './config.js';
export { UpdatesErrors } from './errors.js';
