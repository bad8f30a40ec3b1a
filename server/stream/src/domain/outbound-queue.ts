// One connection's bounded outbound queue: the only place the stream service writes to a socket.
// Why: a client that reads slowly must never stall the fan-out to others, so the hub only ever
// appends here (O(1)) and this queue decides what reaches the socket, and when. Frames are
// appended during the turn and written once per event-loop turn (TurnFlusher): every frame that
// fits below the high-water mark is handed to the socket as one batch (one write, one syscall per
// connection per turn instead of one per frame). Frames that do not fit (the socket's
// `bufferedAmount` is at the mark: the client is not reading fast enough) wait here, and waiting
// frames with the same conflation key are merged (latest quote, latest bar, merged book levels);
// a fast client's frames are never merged. A delta's payload bytes are the item's, encoded once by
// the hub for every subscriber; only the small per-connection head (`id`, `seq`) is built here.
// Invariants: per subscription, `seq` is assigned when a frame is WRITTEN, so the client sees
// 1, 2, 3... without gaps even after merging (`conflated` says how many updates a frame merges);
// order is append order (a merged frame keeps the position of its first update); when more than
// `maxQueued` frames wait for a blocked socket, the queue gives up once (`onOverflow`) and drops
// everything — the caller closes the socket, so a client never sees a silent gap. Memory per
// connection is therefore bounded by `maxQueued` frames plus the high-water mark plus one turn's
// input. Draining resumes from the last batch's write callback, with a slow timer as a fallback.
// Known limit: a frame is the unit — one frame larger than the high-water mark is written whole.
import { mergeItems } from './routing-keys.js';
import type { Flushable } from './turn-flusher.js';

/** One text message as UTF-8 parts, concatenated in order. */
export type OutboundMessage = readonly (string | Uint8Array)[];

/** What the queue needs from a socket. */
export interface OutboundSocket {
  /** Bytes written but not yet handed to the kernel (ws `bufferedAmount`). */
  readonly bufferedAmount: number;
  /** Sends `messages` in order, as one write; `written` runs once they have left the process's buffer. */
  sendMessages(messages: readonly OutboundMessage[], written?: (error?: Error | null) => void): void;
}

/** Per-subscription state the queue numbers frames with. */
export interface SequencedSubscription {
  readonly id: string;
  /** Sequence number of the next delta (the snapshot is 0). */
  nextSeq: number;
  /** False once unsubscribed: queued frames of it are dropped, not sent. */
  active: boolean;
}

/** Where a queue asks to be flushed; a TurnFlusher in the service. */
export interface FlushRequester {
  request(target: Flushable): void;
}

interface Pending {
  subscription: SequencedSubscription;
  /** A control frame's text, or a delta's data. */
  data: unknown;
  /** The data's UTF-8 JSON, shared by every connection the same item fans out to; null after a merge. */
  bytes: Uint8Array | null;
  /** Subscription id + conflation key; null: never merged (control frames, trades, own data). */
  key: string | null;
  merged: number;
}

/** Options of OutboundQueue. */
export interface OutboundQueueOptions {
  highWaterBytes: number;
  maxQueued: number;
  onOverflow: () => void;
  /** Runs `flush()` once per turn. */
  flusher: FlushRequester;
  /** Fallback drain check while frames wait for a blocked socket. Default 50 ms. */
  pollMs?: number;
}

/** The bounded, conflating, per-turn batching outbound queue of one connection. */
export class OutboundQueue implements Flushable {
  readonly #socket: OutboundSocket;
  readonly #options: OutboundQueueOptions;
  /** Frames in write order from #head on (written entries before #head are dropped lazily). */
  #queue: (Pending | null)[] = [];
  #head = 0;
  #size = 0;
  /** Waiting entries by merge key, only while the socket is blocked. */
  readonly #byKey = new Map<string, Pending>();
  /** True while frames wait because the socket reached the high-water mark. */
  #blocked = false;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  readonly #written = (error?: Error | null): void => {
    if (!error && this.#size > 0) this.#options.flusher.request(this);
  };
  /** Frames merged into others since the connection opened (for metrics). */
  conflatedCount = 0;

  constructor(socket: OutboundSocket, options: OutboundQueueOptions) {
    this.#socket = socket;
    this.#options = options;
  }

  /** Frames waiting. */
  get size(): number {
    return this.#size;
  }

  /** Queues a frame that is not a delta (subscribed, snapshot, error, pong), in order with the deltas. */
  control(frame: string): void {
    if (this.#closed) return;
    this.#append({ subscription: CONTROL, data: frame, bytes: null, key: null, merged: 1 });
  }

  /** Queues one delta of `subscription`; `bytes` is `data` as UTF-8 JSON, when the caller has it. */
  delta(subscription: SequencedSubscription, conflationKey: string | null, data: unknown, bytes: Uint8Array | null): void {
    if (this.#closed || !subscription.active) return;
    const key = conflationKey === null ? null : `${subscription.id}\u0000${conflationKey}`;
    if (key !== null && this.#blocked) {
      const queued = this.#byKey.get(key);
      if (queued) {
        this.#merge(queued, data);
        return;
      }
    }
    const entry: Pending = { subscription, data, bytes, key, merged: 1 };
    if (key !== null && this.#blocked) this.#byKey.set(key, entry);
    this.#append(entry);
  }

  /** Writes what fits now as one batch (called by the flusher once per turn). */
  flush(): void {
    if (this.#closed || this.#size === 0) return;
    const room = this.#options.highWaterBytes - this.#socket.bufferedAmount;
    const messages: OutboundMessage[] = [];
    let bytes = 0;
    while (this.#size > 0 && bytes < room) {
      const entry = this.#shift();
      if (entry === null) break;
      const message = this.#message(entry);
      if (message === null) continue;
      messages.push(message);
      // String parts are ASCII heads and control frames: their length is close enough to bytes here.
      for (const part of message) bytes += part.length;
    }
    // The batch's write callback restarts draining once the socket has room again.
    if (messages.length > 0) this.#socket.sendMessages(messages, this.#written);
    this.#afterFlush();
  }

  /** Stops writing and drops everything queued. */
  close(): void {
    this.#closed = true;
    this.#queue = [];
    this.#head = 0;
    this.#size = 0;
    this.#byKey.clear();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #append(entry: Pending): void {
    this.#queue.push(entry);
    this.#size += 1;
    if (this.#blocked && this.#size > this.#options.maxQueued) {
      this.#overflow();
      return;
    }
    this.#options.flusher.request(this);
  }

  #merge(queued: Pending, data: unknown): void {
    queued.data = mergeItems(queued.data, data);
    queued.bytes = null;
    queued.merged += 1;
    this.conflatedCount += 1;
  }

  #shift(): Pending | null {
    while (this.#head < this.#queue.length) {
      const entry = this.#queue[this.#head];
      this.#queue[this.#head++] = null;
      if (entry === null || entry === undefined) continue;
      this.#size -= 1;
      if (entry.key !== null && this.#byKey.get(entry.key) === entry) this.#byKey.delete(entry.key);
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      return entry;
    }
    return null;
  }

  /** After a flush: still waiting means blocked — merge what waits, enforce the bound, poll. */
  #afterFlush(): void {
    if (this.#closed) return;
    if (this.#size === 0) {
      this.#blocked = false;
      this.#queue.length = 0;
      this.#head = 0;
      return;
    }
    if (!this.#blocked) {
      this.#blocked = true;
      this.#compact();
    }
    if (this.#size > this.#options.maxQueued) {
      this.#overflow();
      return;
    }
    if (!this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#options.flusher.request(this);
      }, this.#options.pollMs ?? 50);
    }
  }

  /** On becoming blocked: merges waiting entries that share a key into the first of them (none was merged yet). */
  #compact(): void {
    const kept: Pending[] = [];
    for (let i = this.#head; i < this.#queue.length; i++) {
      const entry = this.#queue[i];
      if (!entry) continue;
      if (entry.key !== null) {
        const first = this.#byKey.get(entry.key);
        if (first) {
          this.#merge(first, entry.data);
          continue;
        }
        this.#byKey.set(entry.key, entry);
      }
      kept.push(entry);
    }
    this.#queue = kept;
    this.#head = 0;
    this.#size = kept.length;
  }

  #overflow(): void {
    this.close();
    this.#options.onOverflow();
  }

  /** The message of one entry (numbering a delta); null when it is dropped (its subscription ended). */
  #message(entry: Pending): OutboundMessage | null {
    if (entry.subscription === CONTROL) return [entry.data as string];
    if (!entry.subscription.active) return null;
    const seq = entry.subscription.nextSeq++;
    const conflated = entry.merged > 1 ? `,"conflated":${entry.merged}` : '';
    const head = `{"type":"delta","id":${JSON.stringify(entry.subscription.id)},"seq":${seq}${conflated},"data":`;
    return [head, entry.bytes ?? Buffer.from(JSON.stringify(entry.data)), '}'];
  }
}

/** Marks control frames inside the queue. */
const CONTROL: SequencedSubscription = { id: '', nextSeq: 0, active: true };
