// Pieces both bus implementations share so they behave the same: topic and group validation, the
// retry loop around a handler, and the default failure reporter. Invariant: deliverWithRetry
// returns true only after the handler resolved for this event; it returns false only when the
// subscription is being closed, leaving the event unacknowledged (it will be delivered again).
import { setTimeout as sleep } from 'node:timers/promises';
import { isTopic, type EventEnvelope, type Topic } from '@kestrel/shared';
import { createLogger, type Logger } from '../log/logger.js';
import { busError } from './bus-error.js';
import { isValidGroupId, type DeliveryFailure, type EventBusCommonOptions, type EventHandler } from './event-bus.js';

/** Validated, de-duplicated list of topics; BUS_UNKNOWN_TOPIC / BUS_INVALID_GROUP on bad input. */
export function validateSubscription(topics: Topic | readonly Topic[], groupId: string): Topic[] {
  const list = typeof topics === 'string' ? [topics] : [...topics];
  if (list.length === 0) throw busError('BUS_UNKNOWN_TOPIC', 'subscribe needs at least one topic');
  for (const topic of list) {
    if (typeof topic !== 'string' || !isTopic(topic)) {
      throw busError('BUS_UNKNOWN_TOPIC', `unknown topic ${JSON.stringify(topic)}`);
    }
  }
  if (typeof groupId !== 'string' || !isValidGroupId(groupId)) {
    throw busError(
      'BUS_INVALID_GROUP',
      `invalid consumer group ${JSON.stringify(groupId)}: use 1-200 letters, digits, '.', '_' or '-'`,
    );
  }
  return [...new Set(list)];
}

/** Resolved retry settings. */
export interface RetryPolicy {
  initialMs: number;
  maxMs: number;
}

/** Reads and checks the options both buses share. */
export function resolveCommonOptions(options: EventBusCommonOptions): {
  partitions: number;
  retry: RetryPolicy;
  onFailure: (failure: DeliveryFailure) => void;
} {
  const partitions = options.partitions ?? 3;
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1000) {
    throw busError('BUS_INVALID_OPTIONS', `partitions must be an integer from 1 to 1000, got ${partitions}`);
  }
  const initialMs = options.retryInitialMs ?? 100;
  const maxMs = options.retryMaxMs ?? 5000;
  if (!(initialMs > 0) || !(maxMs >= initialMs)) {
    throw busError('BUS_INVALID_OPTIONS', 'retryInitialMs must be > 0 and retryMaxMs >= retryInitialMs');
  }
  return { partitions, retry: { initialMs, maxMs }, onFailure: options.onFailure ?? logFailure };
}

let failureLogger: Logger | undefined;

/** Default onFailure: one structured warning per failure. */
function logFailure(failure: DeliveryFailure): void {
  failureLogger ??= createLogger({ base: { name: 'event-bus' } });
  const { error, event, ...rest } = failure;
  failureLogger.warn({ ...rest, eventId: event?.id, err: error }, `event bus ${failure.kind} failure`);
}

/**
 * Runs `handler` until it resolves, retrying with capped exponential backoff. Returns false if
 * `signal` aborts first (the event stays unacknowledged).
 */
export async function deliverWithRetry(
  handler: EventHandler,
  event: EventEnvelope,
  partition: number,
  groupId: string,
  retry: RetryPolicy,
  signal: AbortSignal,
  onFailure: (failure: DeliveryFailure) => void,
): Promise<boolean> {
  let delay = retry.initialMs;
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) return false;
    try {
      await handler(event, { partition, attempt });
      return true;
    } catch (error) {
      onFailure({ kind: 'handler', groupId, topic: event.topic, partition, event, attempt, error });
    }
    try {
      await sleep(delay, undefined, { signal });
    } catch {
      return false;
    }
    delay = Math.min(delay * 2, retry.maxMs);
  }
}
