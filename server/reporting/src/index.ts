// Public API of @kestrel/server-reporting: the service module (mounted by the CLI).
export { reportingService } from './app.js';
export { ReportingConfigSchema, type ReportingConfig } from './config.js';
export { ReportErrors } from './errors.js';
