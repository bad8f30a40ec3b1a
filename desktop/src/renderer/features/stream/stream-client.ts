// The client of the suite's WebSocket stream (`/v1/stream`, protocol in shared/src/stream): one
// socket for all subscriptions, opened when the first subscription starts and closed shortly
// after the last one ends. Invariants: every subscription gets its snapshot before its deltas
// (the server guarantees the order; `seq` is checked here, and a gap — which only a lost
// connection can cause — re-subscribes for a fresh snapshot); after a dropped connection the
// client reconnects with backoff (1 s doubling to 30 s) and re-subscribes everything, so panels
// simply receive a new snapshot; the access token goes in the `token` query parameter (browsers
// cannot set headers on a WebSocket) and is read at each (re)connect, so a rotated token is used.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StreamKind } from '@kestrel/shared';

/** What a subscription follows. */
export interface StreamRequest {
  channel: StreamKind;
  symbol?: string;
  interval?: string;
  accountId?: string;
}

/** What a subscriber receives. */
export interface StreamHandlers {
  /** The state at (re)subscription: the documented REST body, or null when there is none yet. */
  snapshot(data: unknown, unavailable: boolean): void;
  delta(data: unknown): void;
  /** The server refused the subscription (code and message). */
  error?(code: string, message: string): void;
}

/** Connection state, for the status bar and the feed's fallback decision. */
export interface StreamState {
  status: 'idle' | 'connecting' | 'open' | 'reconnecting';
  /** Consecutive failed connection attempts. */
  failures: number;
}

/** The part of WebSocket the client uses (tests pass a real `ws` client). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

interface Subscription {
  /** The id the server knows (a new one after a gap). */
  id: string;
  request: StreamRequest;
  handlers: StreamHandlers;
  /** Last seq received (-1: waiting for the snapshot). */
  seq: number;
}

const OPEN = 1;
const IDLE_CLOSE_MS = 5_000;

/** The stream client. */
export class StreamClient {
  readonly state: StoreApi<StreamState> = createStore<StreamState>(() => ({ status: 'idle', failures: 0 }));
  private socket: SocketLike | null = null;
  private readonly subscriptions = new Map<string, Subscription>();
  private counter = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly url: () => string | null,
    private readonly token: () => string | null,
    private readonly createSocket: (url: string) => SocketLike = (url) => new WebSocket(url) as unknown as SocketLike,
  ) {}

  /** Starts a subscription; returns the function that ends it. */
  subscribe(request: StreamRequest, handlers: StreamHandlers): () => void {
    this.stopped = false;
    const id = `s${++this.counter}`;
    const subscription: Subscription = { id, request, handlers, seq: -1 };
    this.subscriptions.set(id, subscription);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.socket?.readyState === OPEN) this.sendSubscribe(subscription);
    else this.connect();
    return () => {
      // The server id changes when a gap forces a fresh subscription: read it at the end.
      if (!this.subscriptions.delete(subscription.id)) return;
      if (this.socket?.readyState === OPEN) this.send({ type: 'unsubscribe', id: subscription.id });
      if (this.subscriptions.size === 0) this.idleTimer = setTimeout(() => this.closeSocket(), IDLE_CLOSE_MS);
    };
  }

  /** Closes everything (sign-out). */
  stop(): void {
    this.stopped = true;
    this.subscriptions.clear();
    this.closeSocket();
  }

  private connect(): void {
    if (this.stopped || this.socket || this.retryTimer) return;
    const base = this.url();
    if (!base) return;
    const token = this.token();
    const url = token ? `${base}${base.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : base;
    this.state.setState({ status: this.state.getState().failures > 0 ? 'reconnecting' : 'connecting' });
    let socket: SocketLike;
    try {
      socket = this.createSocket(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.state.setState({ status: 'open', failures: 0 });
      for (const subscription of this.subscriptions.values()) {
        subscription.seq = -1;
        this.sendSubscribe(subscription);
      }
    };
    socket.onmessage = (event) => this.receive(typeof event.data === 'string' ? event.data : String(event.data));
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!opened) this.state.setState({ failures: this.state.getState().failures + 1 });
      if (this.subscriptions.size > 0 && !this.stopped) this.scheduleReconnect();
      else this.state.setState({ status: 'idle' });
    };
  }

  private scheduleReconnect(): void {
    const failures = this.state.getState().failures;
    const delay = Math.min(30_000, 1_000 * 2 ** Math.min(failures, 5));
    this.state.setState({ status: 'reconnecting' });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private closeSocket(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.idleTimer = null;
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'done');
    this.state.setState({ status: 'idle' });
  }

  private send(message: unknown): void {
    this.socket?.send(JSON.stringify(message));
  }

  private sendSubscribe(subscription: Subscription): void {
    this.send({ type: 'subscribe', id: subscription.id, ...subscription.request });
  }

  private receive(text: string): void {
    let message: { type?: string; id?: string; seq?: number; data?: unknown; error?: string; code?: string; message?: string };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    const subscription = message.id ? this.subscriptions.get(message.id) : undefined;
    if (!subscription) return;
    switch (message.type) {
      case 'snapshot':
        subscription.seq = 0;
        subscription.handlers.snapshot(message.data ?? null, message.error === 'STREAM_SNAPSHOT_UNAVAILABLE');
        break;
      case 'delta':
        if (message.seq !== subscription.seq + 1) {
          // Lost messages: start this subscription over with a fresh snapshot.
          this.send({ type: 'unsubscribe', id: subscription.id });
          this.subscriptions.delete(subscription.id);
          subscription.id = `s${++this.counter}`;
          subscription.seq = -1;
          this.subscriptions.set(subscription.id, subscription);
          this.sendSubscribe(subscription);
          return;
        }
        subscription.seq = message.seq;
        subscription.handlers.delta(message.data);
        break;
      case 'error':
        subscription.handlers.error?.(message.code ?? 'STREAM_ERROR', message.message ?? '');
        this.subscriptions.delete(subscription.id);
        break;
      default:
        break;
    }
  }
}
