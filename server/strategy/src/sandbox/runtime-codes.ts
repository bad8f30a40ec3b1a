// Codes with which a deployment or a job ends `failed` because of what its strategy or its worker
// did (not HTTP errors: the request that started it was accepted). docs/strategies.md lists each
// (server/strategy/test/docs.test.ts checks that).

/** Runtime failure codes and their meaning. */
export const STRATEGY_RUNTIME_CODES = {
  STRATEGY_HOOK_FAILED: 'A hook threw; the message names the hook.',
  STRATEGY_TIMEOUT: 'A hook ran longer than strategy.hookTimeoutMs; the worker was terminated.',
  STRATEGY_MEMORY_LIMIT: 'The worker exceeded its heap limit.',
  STRATEGY_WORKER_EXITED: 'The worker ended for another reason.',
  STRATEGY_LOAD_FAILED: 'The strategy could not be loaded or started.',
  STRATEGY_JOB_INTERRUPTED: 'The service restarted while the job ran.',
} as const;

/** One runtime failure code. */
export type StrategyRuntimeCode = keyof typeof STRATEGY_RUNTIME_CODES;
