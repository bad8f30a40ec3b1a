// Error codes of the event bus and the real-time channels. Business outcomes never travel as
// exceptions; these are programming or infrastructure errors, each with a stable code so callers
// and logs can tell them apart without parsing messages.
import { KestrelError, defineErrors } from '../errors/kestrel-error.js';

/** Error codes raised by the event bus and channels. */
export const BusErrors = defineErrors({
  BUS_INVALID_ENVELOPE: { status: 500, description: 'An event envelope is malformed (bad id, topic, key, time or payload); the message names the field.' },
  BUS_UNKNOWN_TOPIC: { status: 500, description: 'A topic name is not one of the durable topics in shared/src/events.ts.' },
  BUS_UNKNOWN_CHANNEL: { status: 500, description: 'A channel name is not one of the real-time channels in shared/src/events.ts.' },
  BUS_INVALID_GROUP: { status: 500, description: 'A consumer group name is empty, too long or has characters other than letters, digits, `.`, `_`, `-`.' },
  BUS_INVALID_OPTIONS: { status: 500, description: 'The event bus or channels were configured with invalid options; the message names the option.' },
  BUS_CLOSED: { status: 503, description: 'The event bus or channels were used after close().' },
  BUS_PUBLISH_FAILED: { status: 503, description: 'The broker did not accept published events (after the client retried); nothing is known to be published.' },
  BUS_SUBSCRIBE_FAILED: { status: 503, description: 'Creating topics or joining a consumer group on the broker failed.' },
});

/** Codes of BusErrors. */
export type BusErrorCode = keyof typeof BusErrors;

/** Builds the KestrelError for a bus code. */
export function busError(code: BusErrorCode, message: string, cause?: unknown): KestrelError {
  return new KestrelError(BusErrors[code], message, cause === undefined ? {} : { cause });
}
