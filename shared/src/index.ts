export * from './events.js';
export * from './indicators/index.js';
export * from './market-data/index.js';
export * from './strategy/index.js';
export * from './trading/index.js';
export * from './stream/index.js';
export * from './statistics/index.js';
