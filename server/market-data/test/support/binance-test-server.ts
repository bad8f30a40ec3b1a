// A local stand-in for Binance's public endpoints, for the adapter tests: one HTTP server on
// 127.0.0.1 serving GET /api/v3/depth (the queued snapshot fixtures, in turn) and accepting
// WebSocket connections at /stream (a real `ws` server). Tests drive what each connection sends
// and when it drops, so sequence gaps and disconnects happen exactly where the test wants them.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { WebSocketServer, type WebSocket } from 'ws';

/** A fixture file's text. */
export function binanceFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/binance/${name}`, import.meta.url), 'utf8');
}

/** The frames of a `.jsonl` fixture, one per line, byte for byte. */
export function binanceFrames(name: string): string[] {
  return binanceFixture(name).trim().split('\n');
}

/** The local server. */
export class BinanceTestServer {
  readonly #http: Server;
  readonly #wss: WebSocketServer;
  readonly #snapshots: string[] = [];
  readonly #pending: WebSocket[] = [];
  readonly #waiters: ((socket: WebSocket) => void)[] = [];
  /** Every connection accepted, in order. */
  readonly connections: WebSocket[] = [];
  /** URLs of every WebSocket upgrade request. */
  readonly connectionUrls: string[] = [];
  /** Query strings of every depth request. */
  readonly snapshotRequests: string[] = [];
  /** Called for each new connection before tests see it (e.g. to drop it at once). */
  onConnection: ((socket: WebSocket, index: number) => void) | null = null;
  /** While true, WebSocket upgrades are refused (503), so a dropped client stays disconnected. */
  refuseConnections = false;

  private constructor(http: Server, wss: WebSocketServer) {
    this.#http = http;
    this.#wss = wss;
  }

  /** Starts on a free loopback port. */
  static async start(): Promise<BinanceTestServer> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http, path: '/stream', verifyClient: (_info, done) => done(!server.refuseConnections, 503) });
    const server = new BinanceTestServer(http, wss);
    http.on('request', (request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== '/api/v3/depth') {
        response.writeHead(404).end();
        return;
      }
      server.snapshotRequests.push(url.search);
      const body = server.#snapshots.length > 1 ? server.#snapshots.shift()! : server.#snapshots[0];
      if (body === undefined) {
        response.writeHead(503, { 'content-type': 'application/json' }).end('{"code":-1003,"msg":"no snapshot queued"}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    wss.on('connection', (socket, request) => {
      server.connections.push(socket);
      server.connectionUrls.push(request.url ?? '');
      server.onConnection?.(socket, server.connections.length);
      const waiter = server.#waiters.shift();
      if (waiter) waiter(socket);
      else server.#pending.push(socket);
    });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    return server;
  }

  get #port(): number {
    return (this.#http.address() as AddressInfo).port;
  }

  /** The WebSocket base URL (the adapter appends /stream?streams=...). */
  get streamUrl(): string {
    return `ws://127.0.0.1:${this.#port}`;
  }

  /** The REST base URL. */
  get restUrl(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Queues snapshot bodies; each depth request takes the next one (the last one repeats). */
  queueSnapshots(...bodies: string[]): void {
    this.#snapshots.push(...bodies);
  }

  /** Resolves with the next connection (or one already waiting). */
  nextConnection(timeoutMs = 30_000): Promise<WebSocket> {
    let ready = this.#pending.shift();
    // Connections that already closed (e.g. dropped by onConnection) are not offered.
    while (ready && ready.readyState !== ready.OPEN) ready = this.#pending.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no WebSocket connection arrived')), timeoutMs);
      this.#waiters.push((socket) => {
        clearTimeout(timer);
        resolve(socket);
      });
    });
  }

  /** Stops accepting and closes everything. */
  async close(): Promise<void> {
    for (const socket of this.connections) socket.terminate();
    this.#wss.close();
    this.#http.closeAllConnections();
    await new Promise<void>((resolve) => this.#http.close(() => resolve()));
  }
}
