// Public API of @kestrel/desktop's common layer (pure TypeScript: usable by the main process,
// the preload script, the renderer and tests).
export * from './app-origin.js';
export * from './bridge-api.js';
export * from './content-security-policy.js';
export * from './ipc-channels.js';
export * from './ipc-contract.js';
export * from './ipc-result.js';
