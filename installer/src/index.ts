// Public API of @kestrel/installer: the steps kestrel-admin runs, for scripting and tests.
export * from './errors.js';
export * from './runner.js';
export * from './env-file.js';
export * from './secrets.js';
export * from './certificates.js';
export * from './prerequisites.js';
export * from './stack.js';
export * from './compose.js';
export * from './database-tools.js';
export * from './object-store.js';
export * from './backup.js';
export * from './upgrade.js';
export * from './install.js';
export * from './publish.js';
export * from './status.js';
export * from './kafka-lag.js';
