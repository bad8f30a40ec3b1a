// Error codes of the strategy service. Every code is AREA_REASON with one HTTP status and is listed
// in docs/errors.md (server/cli/test/docs.test.ts checks that). What a running strategy does wrong
// (throws, loops, exceeds its memory, has an order refused) is NOT an HTTP error: the deployment is
// marked `failed` with the reason, or the order update carries the refusal. Errors are for requests
// that cannot be served. A job's own failure (BACKTEST_DATA_MISSING, BACKTEST_STRATEGY_FAILED, ...)
// is recorded on the job, which answered 202 when it was queued.
import { KestrelError, defineErrors, type ErrorCode } from '@kestrel/server-common';

/** Error codes raised by the strategy service. */
export const StrategyErrors = defineErrors({
  STRATEGY_UNAUTHENTICATED: { status: 401, description: 'The request carries no authenticated principal (the gateway attaches one).' },
  STRATEGY_FORBIDDEN: { status: 403, description: 'The caller lacks the permission this route needs.' },
  STRATEGY_NOT_FOUND: { status: 404, description: "No strategy with this id is visible to the caller (other users' strategies are reported the same way)." },
  STRATEGY_VERSION_NOT_FOUND: { status: 404, description: 'The strategy has no such version.' },
  STRATEGY_NAME_TAKEN: { status: 409, description: 'The caller already has a strategy with this name.' },
  STRATEGY_IN_USE: { status: 409, description: 'The strategy still has running or paused deployments; stop them first.' },
  STRATEGY_SOURCE_INVALID: {
    status: 422,
    description: 'The strategy source does not compile, imports a module other than @kestrel/shared, or does not export a strategy definition; `details` has the compiler messages or the reason.',
  },
  STRATEGY_BUILTIN_UNKNOWN: { status: 422, description: 'No built-in strategy has this id; `details.builtin` lists the ids.' },
  STRATEGY_PARAMS_INVALID: { status: 422, description: "The parameters do not fit the strategy's declarations; `details.code` is the strategy API code (STRATEGY_PARAM_UNKNOWN, STRATEGY_PARAM_INVALID, STRATEGY_PARAMS_INCONSISTENT)." },
  STRATEGY_DEPLOYMENT_NOT_FOUND: { status: 404, description: 'No deployment with this id is visible to the caller.' },
  STRATEGY_DEPLOYMENT_STATE: { status: 409, description: 'The deployment cannot make this transition from its current status (e.g. resume a stopped one); `details.status` is the status.' },
  STRATEGY_ACCOUNT_NOT_FOUND: { status: 404, description: "The account does not exist or is not the caller's (the portfolio service answers for it)." },
  STRATEGY_INSTRUMENT_NOT_FOUND: { status: 422, description: 'A symbol of the deployment or backtest is not an instrument of the market-data service.' },
  STRATEGY_CREDENTIAL_UNAVAILABLE: {
    status: 422,
    description: 'No order credential could be obtained for the deployment: the caller must sign in interactively (a trade-scoped API key is created for the deployment) or call with an API key that has the trade scope.',
  },
  STRATEGY_NOT_CONFIGURED: { status: 503, description: 'The service has no credential key (KESTREL_STRATEGY_CREDENTIAL_KEY), so it cannot keep order credentials for deployments.' },
  STRATEGY_UPSTREAM_UNAVAILABLE: { status: 503, description: 'A service the strategy service calls (portfolio, market data, auth) did not answer usefully; retry later.' },
  STRATEGY_JOB_NOT_FOUND: { status: 404, description: 'No job with this id is visible to the caller.' },
  STRATEGY_JOB_FINISHED: { status: 409, description: 'The job has already finished (completed, failed or cancelled), so it cannot be cancelled.' },
  STRATEGY_CURVE_UNAVAILABLE: {
    status: 409,
    description: 'The job has no combined out-of-sample curve: it is not a walk-forward analysis, has not completed, or completed before curves were stored; `details` has its kind and status.',
  },
  STRATEGY_JOB_LIMIT: { status: 429, description: 'The caller already has the most jobs the service runs at once per user (`strategy.maxJobsPerUser`); wait for one to finish.' },
});

/** Codes of StrategyErrors. */
export type StrategyErrorCode = keyof typeof StrategyErrors;

/** Builds the KestrelError for a strategy-service code. */
export function strategyError(code: StrategyErrorCode, message: string, details?: unknown): KestrelError {
  const spec: ErrorCode = StrategyErrors[code];
  return new KestrelError(spec, message, details === undefined ? {} : { details });
}
