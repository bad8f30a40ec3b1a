// Error codes of the simulation service; documented in docs/errors.md (a test checks every code)
// and explained in docs/simulation.md. Rules a schema cannot express answer 422, never 400 or 500;
// another service that does not answer usably is SIMULATION_UPSTREAM_UNAVAILABLE (503).
import { KestrelError, defineErrors, type ErrorCode } from '@kestrel/server-common';

/** Error codes raised by the simulation service. */
export const SimulationErrors = defineErrors({
  SIMULATION_UNAUTHENTICATED: { status: 401, description: 'The request carries no authenticated principal (the gateway attaches one).' },
  SIMULATION_FORBIDDEN: { status: 403, description: 'The caller lacks the permission this route needs.' },
  SIMULATION_PAPER_ACCOUNT_NOT_FOUND: { status: 404, description: 'No paper account with this id belongs to the caller.' },
  SIMULATION_ACCOUNT_NOT_FOUND: { status: 404, description: 'The portfolio shows the caller no account with this id (not theirs, or it does not exist).' },
  SIMULATION_PAPER_ACCOUNT_OPENING: { status: 409, description: 'The paper account\'s funding has not completed (state opening, after a failure midway); POST its reset to complete it.' },
  SIMULATION_PAPER_ACCOUNT_LIMIT: { status: 409, description: 'The caller already holds the maximum number of paper accounts (simulation.maxPaperAccounts).' },
  SIMULATION_SESSION_NOT_FOUND: { status: 404, description: 'No replay session with this id belongs to the caller in this process.' },
  SIMULATION_SESSION_LIMIT: { status: 409, description: 'This process already runs simulation.maxReplaySessions replay sessions.' },
  SIMULATION_SESSION_CLOSED: { status: 409, description: 'The replay session has finished or was deleted: it takes no more orders.' },
  SIMULATION_ORDER_NOT_FOUND: { status: 404, description: 'No open order with this id in this replay session.' },
  SIMULATION_ORDER_INVALID: { status: 422, description: 'The replay order breaks a rule its schema cannot express (a limit order without limitPriceTicks, a market order with one, a quantity outside the instrument\'s bounds).' },
  SIMULATION_ORDER_REJECTED: { status: 422, description: 'The buying-power check or the matching engine refused the replay order; details carry the reason code.' },
  SIMULATION_INSTRUMENT_UNKNOWN: { status: 422, description: 'The symbol is not an instrument of the market-data service.' },
  SIMULATION_REPLAY_REFUSED: { status: 422, description: 'The market-data service refused the replay (range, interval or speed); details carry its error code.' },
  SIMULATION_SCENARIO_INVALID: { status: 422, description: 'The scenario cannot be applied: no shock and no stressed day, a symbol given twice, or a stressed day without recorded daily bars for a held symbol.' },
  SIMULATION_RANGE_INVALID: { status: 422, description: 'The performance range is empty (from not before to) or spans more buckets than the portfolio serves (portfolio.pnlMaxPoints); use a wider interval.' },
  SIMULATION_REQUEST_REFUSED: { status: 422, description: 'Another service refused the values of this request (an unsupported currency, an amount beyond the safe range, a funding reference reused with another amount, a range outside the stored history); details carry its service and code.' },
  SIMULATION_RISK_UNAVAILABLE: {
    status: 503,
    description: 'The order service did not tell the risk limits and kill switches of the paper account (down, timing out, or its service token not configured or refused): the replay session or order was not created, since replay orders never trade without the risk desk\'s settings.',
  },
  SIMULATION_UPSTREAM_UNAVAILABLE: { status: 503, description: 'The portfolio, market-data or order service did not give a usable answer; nothing was changed by this request beyond what the details say.' },
});

/** A code of this service. */
export type SimulationErrorCode = keyof typeof SimulationErrors;

/** A KestrelError with one of this service's codes. */
export function simulationError(code: SimulationErrorCode, message: string, details?: unknown): KestrelError {
  const spec: ErrorCode = SimulationErrors[code];
  return new KestrelError(spec, message, details === undefined ? {} : { details });
}
