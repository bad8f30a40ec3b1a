// Public API of @kestrel/server-stream: the service module (mounted by the CLI), its config and errors.
export { streamService, STREAM_PATH } from './app.js';
export { StreamConfigSchema, type StreamConfig } from './config.js';
export { StreamErrors } from './errors.js';
