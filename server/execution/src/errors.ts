// Error codes of the execution service. Business outcomes (an engine or risk rejection) are NOT
// errors: they go back to the order service as execution reports with the engine's code name.
// Errors are for requests that cannot be served. docs/errors.md lists each code.
import { KestrelError, defineErrors } from '@kestrel/server-common';

/** Error codes raised by the execution service. */
export const ExecutionErrors = defineErrors({
  EXECUTION_UNAUTHENTICATED: { status: 401, description: 'The request carries no authenticated principal (the gateway attaches one).' },
  EXECUTION_FORBIDDEN: { status: 403, description: 'The caller lacks the permission this route needs (`system:admin`).' },
  EXECUTION_SHARD_NOT_FOUND: { status: 404, description: 'No engine shard has this name (see the `execution.shards` setting).' },
  EXECUTION_ENGINE_UNAVAILABLE: { status: 503, description: 'The engine shard is closed (the service is shutting down) or failed to recover; retry later.' },
  EXECUTION_VENUE_FEE_INVALID: { status: 502, description: 'An external venue reported a commission that is not a decimal amount, is in a currency Kestrel does not know, or exceeds 2^53 − 1 minor units (the fill is booked without a fee; the raw commission stays on the fill record).' },
  EXECUTION_VENUE_OFF_GRID: { status: 502, description: 'An external venue reported a price or quantity that is not a whole number of ticks or lots of the instrument (the report is logged and not booked).' },
  EXECUTION_VENUE_REQUEST_FAILED: { status: 502, description: 'An external venue refused or did not answer an order request (the venue\'s own code and message are included).' },
  EXECUTION_VENUE_UNKNOWN_SYMBOL: { status: 400, description: 'The symbol is not listed in the venue\'s symbol map (`execution.binanceSymbols`).' },
});

/** Codes of ExecutionErrors. */
export type ExecutionErrorCode = keyof typeof ExecutionErrors;

/** An execution-service error with its code. */
export function executionError(code: ExecutionErrorCode, message: string): KestrelError {
  return new KestrelError(ExecutionErrors[code], message);
}
