// One connection's bounded outbound queue: the only place the stream service writes to a socket.
// Why: a client that reads slowly must never stall the fan-out to others, so the hub only ever
// appends here (O(1)) and this queue decides what reaches the socket. While the socket's
// `bufferedAmount` is below the high-water mark, frames go straight out; above it they wait here,
// where items with the same conflation key are merged (latest quote, latest bar, merged book
// levels). Invariants: per subscription, `seq` is assigned when a frame is WRITTEN, so the client
// sees 1, 2, 3... without gaps even after merging (`conflated` says how many updates a frame
// merges); when more than `maxQueued` frames wait, the queue gives up once (`onOverflow`) and
// drops everything — the caller closes the socket, so a client never sees a silent gap.
// Draining is driven by the socket's write callbacks (a frame left Node's buffer), with a slow
// timer as a fallback. Known limit: a frame is the unit — one frame larger than the high-water
// mark is still written whole.
import { mergeItems } from './routing-keys.js';

/** What the queue needs from a socket. */
export interface OutboundSocket {
  readonly bufferedAmount: number;
  /** `written` runs once the frame has left the process's buffer (ws `send` callback). */
  send(frame: string, written?: (error?: Error) => void): void;
}

/** Per-subscription state the queue numbers frames with. */
export interface SequencedSubscription {
  readonly id: string;
  /** Sequence number of the next delta (the snapshot is 0). */
  nextSeq: number;
  /** False once unsubscribed: queued frames of it are dropped, not sent. */
  active: boolean;
}

interface Pending {
  subscription: SequencedSubscription;
  data: unknown;
  /** Serialised data, shared by every connection the same item fans out to. */
  json: string | null;
  merged: number;
}

/** Options of OutboundQueue. */
export interface OutboundQueueOptions {
  highWaterBytes: number;
  maxQueued: number;
  onOverflow: () => void;
  /** Fallback drain check while frames wait. Default 50 ms. */
  pollMs?: number;
}

/** The bounded, conflating outbound queue of one connection. */
export class OutboundQueue {
  readonly #socket: OutboundSocket;
  readonly #options: OutboundQueueOptions;
  /** Insertion-ordered; a conflated entry keeps the position of its first update. */
  readonly #pending = new Map<string, Pending>();
  #unique = 0;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  #draining = false;
  readonly #written = (error?: Error): void => {
    if (!error && this.#pending.size > 0 && !this.#draining) this.#drain();
  };
  /** Frames merged into others since the connection opened (for metrics). */
  conflatedCount = 0;

  constructor(socket: OutboundSocket, options: OutboundQueueOptions) {
    this.#socket = socket;
    this.#options = options;
  }

  /** Frames waiting. */
  get size(): number {
    return this.#pending.size;
  }

  /** Writes a frame that is not a delta (subscribed, snapshot, error, pong), in order with the queued deltas. */
  control(frame: string): void {
    if (this.#closed) return;
    if (this.#pending.size === 0 && this.#socket.bufferedAmount < this.#options.highWaterBytes) {
      this.#socket.send(frame, this.#written);
      return;
    }
    this.#enqueue(`#${this.#unique++}`, { subscription: CONTROL, data: frame, json: null, merged: 1 });
  }

  /** Queues (or writes) one delta of `subscription`; `json` is `data` serialised, when the caller has it. */
  delta(subscription: SequencedSubscription, conflationKey: string | null, data: unknown, json: string | null): void {
    if (this.#closed || !subscription.active) return;
    if (this.#pending.size === 0 && this.#socket.bufferedAmount < this.#options.highWaterBytes) {
      this.#write({ subscription, data, json, merged: 1 });
      return;
    }
    if (conflationKey !== null) {
      const key = `${subscription.id}\u0000${conflationKey}`;
      const queued = this.#pending.get(key);
      if (queued) {
        queued.data = mergeItems(queued.data, data);
        queued.json = null;
        queued.merged += 1;
        this.conflatedCount += 1;
        return;
      }
      this.#enqueue(key, { subscription, data, json, merged: 1 });
      return;
    }
    this.#enqueue(`#${this.#unique++}`, { subscription, data, json, merged: 1 });
  }

  /** Stops writing and drops everything queued. */
  close(): void {
    this.#closed = true;
    this.#pending.clear();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #enqueue(key: string, entry: Pending): void {
    this.#pending.set(key, entry);
    if (this.#pending.size > this.#options.maxQueued) {
      this.close();
      this.#options.onOverflow();
      return;
    }
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#drain();
    }, this.#options.pollMs ?? 50);
  }

  #drain(): void {
    this.#draining = true;
    for (const [key, entry] of this.#pending) {
      if (this.#closed || this.#socket.bufferedAmount >= this.#options.highWaterBytes) break;
      this.#pending.delete(key);
      this.#write(entry);
    }
    this.#draining = false;
    if (this.#pending.size > 0) this.#schedule();
  }

  #write(entry: Pending): void {
    if (entry.subscription === CONTROL) {
      this.#socket.send(entry.data as string, this.#written);
      return;
    }
    if (!entry.subscription.active) return;
    const seq = entry.subscription.nextSeq++;
    const json = entry.json ?? JSON.stringify(entry.data);
    const conflated = entry.merged > 1 ? `,"conflated":${entry.merged}` : '';
    this.#socket.send(`{"type":"delta","id":${JSON.stringify(entry.subscription.id)},"seq":${seq}${conflated},"data":${json}}`, this.#written);
  }
}

/** Marks control frames inside the pending map. */
const CONTROL: SequencedSubscription = { id: '', nextSeq: 0, active: true };
