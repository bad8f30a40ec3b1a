// @kestrel/engine: the C++ matching, risk, routing and journal engine for TypeScript. Open one
// Engine per symbol shard (and per thread); submit commands one at a time or packed in a
// CommandBatch; read the returned events. See docs/engine.md, "Binding and TypeScript facade".
export { Engine } from './engine.js';
export { EngineError, type EngineErrorCode } from './errors.js';
export { BatchResult, CommandBatch, COMMAND_SIZE, EVENT_SIZE, MAX_BATCH } from './packed.js';
export {
  RESULT_CODES,
  RISK_LIMITS,
  RISK_SCOPES,
  resultCodeName,
  type ResultCodeName,
  type RiskLimitName,
  type RiskScopeName,
} from './result-codes.js';
export { ADDON_PATH, loadAddon } from './addon.js';
export * from './types.js';
