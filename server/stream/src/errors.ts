// Error codes of the stream service. The protocol codes travel in `error` frames (and as close
// reasons); each also has an HTTP status, used when the upgrade request itself is refused, and is
// listed in docs/errors.md and docs/streams.md (server/cli/test/docs.test.ts checks errors.md).
import { defineErrors } from '@kestrel/server-common';

/** Error codes raised by the stream service. */
export const StreamErrors = defineErrors({
  STREAM_UPGRADE_REQUIRED: { status: 426, description: 'GET /v1/stream is a WebSocket endpoint; send an Upgrade: websocket request.' },
  STREAM_UNAUTHENTICATED: { status: 401, description: 'The upgrade request carries no credential (Authorization header, X-API-Key or `token` query parameter).' },
  STREAM_MESSAGE_INVALID: { status: 400, description: 'A client frame is not JSON or does not match the protocol schema (the message names the field).' },
  STREAM_FORBIDDEN: { status: 403, description: 'The subscription names an account the caller does not own, or the caller lacks the permission; nothing is sent for it.' },
  STREAM_SUBSCRIPTION_EXISTS: { status: 409, description: 'This connection already has a subscription with this id.' },
  STREAM_SUBSCRIPTION_NOT_FOUND: { status: 404, description: 'This connection has no subscription with this id.' },
  STREAM_TOO_MANY_SUBSCRIPTIONS: { status: 429, description: 'The connection holds the most subscriptions allowed (KESTREL_STREAM_MAX_SUBSCRIPTIONS_PER_CONNECTION).' },
  STREAM_SNAPSHOT_UNAVAILABLE: { status: 503, description: 'The snapshot source did not answer: the snapshot frame carries this code with null data; deltas still flow, read the state over REST.' },
  STREAM_SLOW_CONSUMER: { status: 503, description: 'The client did not read fast enough; the connection was closed with code 4008 after its queue passed the bound.' },
});
