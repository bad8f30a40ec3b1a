// The real-time fan-out contract (Redis pub/sub in the suite shape, in-process in the embedded
// shape). Both pass the same contract suite (channels-contract.ts).
//
// Semantics: every subscription that is live when a message is published receives it, in publish
// order per publisher; nothing is stored or replayed, so a subscriber that was not connected misses
// messages and must recover from a snapshot (e.g. refetch positions). publish never throws for
// delivery problems — a state change must not fail because the fan-out layer is down — it reports
// them through onFailure. A handler that throws is reported and does not affect other handlers.
import type { Channel, ChannelMessage } from '@kestrel/shared';

/** Receives one channel message; its return value is ignored. */
export type ChannelHandler = (message: ChannelMessage) => void | Promise<void>;

/** One handler's registration on one channel. */
export interface ChannelSubscription {
  readonly channel: Channel;
  /** Stops delivery to this handler. */
  close(): Promise<void>;
}

/** Reported through onFailure; never thrown at the publisher. */
export interface ChannelFailure {
  kind: 'publish' | 'decode' | 'handler' | 'connection';
  channel?: string;
  error: unknown;
}

/** Loss-tolerant publish/subscribe over the CHANNELS. */
export interface Channels {
  /** Publishes `payload` (JSON-serialisable) to every live subscriber of `channel`. */
  publish(channel: Channel, payload: unknown): Promise<void>;
  /** Registers `handler`; resolves once messages published afterwards will reach it. */
  subscribe(channel: Channel, handler: ChannelHandler): Promise<ChannelSubscription>;
  /** Drops every subscription and connection. Further calls reject with BUS_CLOSED. */
  close(): Promise<void>;
}

/** Options both implementations accept. */
export interface ChannelsCommonOptions {
  /** Called for publish failures, undecodable messages and throwing handlers. Default: log a warning. */
  onFailure?: (failure: ChannelFailure) => void;
}
