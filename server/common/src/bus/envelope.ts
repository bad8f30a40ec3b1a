// Building, validating and (de)serialising EventEnvelopes. Invariants: an envelope that leaves this
// module is valid — its id is a UUID (the outbox primary key and the consumers' de-duplication key),
// its topic is one of TOPICS, its key is a non-empty string of at most 255 characters, occurredAt
// is an ISO-8601 instant and its payload survives a JSON round trip. Known limit: payloads are JSON,
// so bigint, Date and undefined values are not supported — encode money as integer numbers or strings.
import { randomUUID } from 'node:crypto';
import { TOPICS, type EventEnvelope, type Topic } from '@kestrel/shared';
import { busError } from './bus-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** Longest accepted partition key, in characters (it is stored in a text column and a Kafka key). */
export const MAX_KEY_LENGTH = 255;

/** Makes a new envelope with a fresh UUID and the current time unless given. */
export function createEnvelope<T>(
  topic: Topic,
  key: string,
  payload: T,
  options: { id?: string; occurredAt?: Date | string } = {},
): EventEnvelope<T> {
  const occurredAt = options.occurredAt ?? new Date();
  const envelope: EventEnvelope<T> = {
    id: options.id ?? randomUUID(),
    topic,
    key,
    occurredAt: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
    payload,
  };
  assertEnvelope(envelope);
  return envelope;
}

/** Throws BUS_INVALID_ENVELOPE (naming the first bad field) unless `value` is a valid envelope. */
export function assertEnvelope(value: unknown): asserts value is EventEnvelope {
  const fail = (reason: string): never => {
    throw busError('BUS_INVALID_ENVELOPE', `invalid event envelope: ${reason}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('not an object');
  const envelope = value as Record<string, unknown>;
  if (typeof envelope.id !== 'string' || !UUID.test(envelope.id)) fail('id must be a UUID');
  if (typeof envelope.topic !== 'string' || !(TOPICS as readonly string[]).includes(envelope.topic)) {
    fail(`topic must be one of ${TOPICS.join(', ')}`);
  }
  if (typeof envelope.key !== 'string' || envelope.key.length === 0 || envelope.key.length > MAX_KEY_LENGTH) {
    fail(`key must be a non-empty string of at most ${MAX_KEY_LENGTH} characters`);
  }
  if (
    typeof envelope.occurredAt !== 'string' ||
    !ISO_INSTANT.test(envelope.occurredAt) ||
    Number.isNaN(Date.parse(envelope.occurredAt))
  ) {
    fail('occurredAt must be an ISO-8601 instant');
  }
  if (!('payload' in envelope) || envelope.payload === undefined) fail('payload is missing');
}

/** Serialises a valid envelope to the bytes carried on the wire (UTF-8 JSON). */
export function encodeEnvelope(envelope: EventEnvelope): Buffer {
  assertEnvelope(envelope);
  return Buffer.from(JSON.stringify(envelope), 'utf8');
}

/** Parses wire bytes back into an envelope; BUS_INVALID_ENVELOPE when they are not one. */
export function decodeEnvelope(bytes: Buffer | string): EventEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8'));
  } catch (error) {
    throw busError('BUS_INVALID_ENVELOPE', 'invalid event envelope: not JSON', error);
  }
  assertEnvelope(parsed);
  return parsed;
}
