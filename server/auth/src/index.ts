// Public API of @kestrel/server-auth: the service module, and the admin bootstrap for the CLI.
export { authService } from './app.js';
export { assertAdminCredentials, createAdmin, type CreatedAdmin } from './bootstrap.js';
export { AuthConfigSchema, type AuthConfig } from './config.js';
export { AuthErrors } from './errors.js';
