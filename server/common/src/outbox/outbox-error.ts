// Error codes of the transactional outbox (enqueue, relay, idempotent consumers).
import { KestrelError, defineErrors } from '../errors/kestrel-error.js';

/** Error codes raised by the outbox. */
export const OutboxErrors = defineErrors({
  OUTBOX_NOT_IN_TRANSACTION: {
    status: 500,
    description: 'enqueue() was called on a connection that is not inside a transaction, so the event would not commit atomically with the state change.',
  },
  OUTBOX_DUPLICATE_EVENT: { status: 500, description: 'An event with the same id is already in the outbox.' },
  OUTBOX_INVALID_OPTIONS: { status: 500, description: 'The outbox relay or consumer was configured with invalid options; the message names the option.' },
});

/** Codes of OutboxErrors. */
export type OutboxErrorCode = keyof typeof OutboxErrors;

/** Builds the KestrelError for an outbox code. */
export function outboxError(code: OutboxErrorCode, message: string, cause?: unknown): KestrelError {
  return new KestrelError(OutboxErrors[code], message, cause === undefined ? {} : { cause });
}
