// Validation and wire format shared by both Channels implementations, so they accept and deliver
// exactly the same things. Invariants: only CHANNELS names pass; a payload must survive a JSON round
// trip (undefined, functions and bigint are refused with BUS_INVALID_ENVELOPE); subscribers always
// get a fresh copy.
import { pino } from 'pino';
import { isChannel, type Channel, type ChannelMessage } from '@kestrel/shared';
import { busError } from './bus-error.js';
import type { ChannelFailure } from './channels.js';

/** Throws BUS_UNKNOWN_CHANNEL unless `channel` is one of CHANNELS. */
export function assertChannel(channel: unknown): asserts channel is Channel {
  if (typeof channel !== 'string' || !isChannel(channel)) {
    throw busError('BUS_UNKNOWN_CHANNEL', `unknown channel ${JSON.stringify(channel)}`);
  }
}

/** Serialises a message for `channel`; BUS_INVALID_ENVELOPE when the payload is not JSON. */
export function encodeChannelMessage(channel: Channel, payload: unknown): string {
  if (payload === undefined) throw busError('BUS_INVALID_ENVELOPE', 'channel payload is missing');
  const message: ChannelMessage = { channel, publishedAt: new Date().toISOString(), payload };
  try {
    return JSON.stringify(message);
  } catch (error) {
    throw busError('BUS_INVALID_ENVELOPE', `channel payload is not JSON-serialisable: ${(error as Error).message}`, error);
  }
}

/** Parses a wire message; BUS_INVALID_ENVELOPE when it is not a ChannelMessage of `channel`. */
export function decodeChannelMessage(channel: Channel, text: string): ChannelMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw busError('BUS_INVALID_ENVELOPE', 'channel message is not JSON', error);
  }
  const message = parsed as Partial<ChannelMessage> | null;
  if (
    typeof message !== 'object' ||
    message === null ||
    message.channel !== channel ||
    typeof message.publishedAt !== 'string' ||
    !('payload' in message)
  ) {
    throw busError('BUS_INVALID_ENVELOPE', `not a channel message of ${channel}`);
  }
  return message as ChannelMessage;
}

let failureLogger: ReturnType<typeof pino> | undefined;

/** Default onFailure of Channels: one structured warning per failure. */
export function logChannelFailure(failure: ChannelFailure): void {
  failureLogger ??= pino({ name: 'channels' });
  failureLogger.warn({ kind: failure.kind, channel: failure.channel, err: failure.error }, `channel ${failure.kind} failure`);
}

/** Calls a handler, turning a throw or rejection into a reported failure. */
export function invokeChannelHandler(
  handler: (message: ChannelMessage) => void | Promise<void>,
  message: ChannelMessage,
  onFailure: (failure: ChannelFailure) => void,
): void {
  try {
    const result = handler(message);
    if (result instanceof Promise) {
      result.catch((error: unknown) => onFailure({ kind: 'handler', channel: message.channel, error }));
    }
  } catch (error) {
    onFailure({ kind: 'handler', channel: message.channel, error });
  }
}
