// Request ids: an incoming `x-request-id` is honoured so a trace spans nginx, the gateway and the
// services; anything else gets a fresh UUID. Invariant: an id is at most 128 characters from a
// safe alphabet, so a client cannot inject log lines or header syntax through it.
import { randomUUID } from 'node:crypto';

/** Header carrying the request id in both directions. */
export const REQUEST_ID_HEADER = 'x-request-id';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id to use for a request with the given `x-request-id` header value. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SAFE_ID.test(value) ? value : randomUUID();
}
