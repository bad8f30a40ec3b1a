// The stream service: `GET /v1/stream` upgraded to a WebSocket (protocol in docs/streams.md).
// How the upgrade is authenticated: Node emits WebSocket upgrades as 'upgrade' events that
// bypass Fastify, so this plugin routes them through Fastify itself (app.routing), the same way
// @fastify/websocket does — the gateway's onRequest hook therefore verifies the credential and
// checks the route's permission exactly as for any REST route (JWT or API key; nothing is
// re-implemented here). Browsers cannot set headers on a WebSocket, so a `token` query parameter
// is moved into `Authorization: Bearer` before routing, and removed from the URL so it is never
// logged. Invariants: one StreamHub per process (one subscription per source); a connection's
// own-data subscriptions are bound to the principal that authenticated the upgrade; a slow client
// is closed with 4008 and never slows others. Known limit: one upgrade path; other upgrade
// listeners on the same server see only the paths this plugin does not own.
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { defineService, KestrelError } from '@kestrel/server-common';
import type { FastifyRequest } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import { StreamConfigSchema } from './config.js';
import { StreamConnection, type ConnectionContext, type StreamSocket } from './connection/stream-connection.js';
import { encodeTextFrames } from './connection/websocket-frames.js';
import { TurnFlusher } from './domain/turn-flusher.js';
import { StreamErrors } from './errors.js';
import { AccountOwners } from './hub/account-owners.js';
import { StreamHub } from './hub/stream-hub.js';
import { httpReader, injectReader } from './snapshots/snapshot-source.js';
import { createStreamMetrics } from './stream-metrics.js';

/** The WebSocket endpoint. */
export const STREAM_PATH = '/v1/stream';

/** Largest client frame accepted (a subscribe message is well under 1 KiB). */
const MAX_CLIENT_FRAME_BYTES = 16 * 1024;
/** Interval of the server's WebSocket pings; a client that missed one is terminated. */
const HEARTBEAT_MS = 30_000;
/** Headers never forwarded to snapshot reads (transport and WebSocket handshake). */
const NOT_FORWARDED = new Set(['host', 'connection', 'upgrade', 'content-length', 'transfer-encoding', 'x-request-id']);

const UPGRADE = Symbol('kestrel.stream.upgrade');
type UpgradingRequest = IncomingMessage & { [UPGRADE]?: { socket: Duplex; head: Buffer } };

function sum<T>(values: Iterable<T>, of: (value: T) => number): number {
  let total = 0;
  for (const value of values) total += of(value);
  return total;
}

/** The principal the gateway attached (typed here so this package does not import the gateway). */
function principalOf(request: FastifyRequest): { userId: string } | null {
  return (request as unknown as { principal?: { userId: string } | null }).principal ?? null;
}

/** The stream service. */
export const streamService = defineService({
  name: 'stream',
  config: StreamConfigSchema,
  async plugin(app, deps) {
    const config = deps.serviceConfig;
    const open = new Map<WebSocket, StreamConnection>();
    const metrics = createStreamMetrics(deps.metrics.registry, {
      queuedFrames: () => sum(open.values(), (connection) => connection.queue.size),
      bufferedBytes: () => sum(open.keys(), (ws) => ws.bufferedAmount),
    });
    const owners = new AccountOwners(deps.db);
    const hub = new StreamHub({
      channels: deps.channels,
      bus: deps.bus,
      owners,
      logger: deps.logger,
      positionsConsumerGroup: config.positionsConsumerGroup,
      onDelivered: (count) => metrics.delivered.inc(count),
    });
    await hub.start();
    const context: ConnectionContext = {
      hub,
      owners,
      reader: config.snapshotBaseUrl ? httpReader(config.snapshotBaseUrl) : injectReader(app),
      logger: deps.logger,
      maxSubscriptions: config.maxSubscriptionsPerConnection,
      maxQueued: config.maxQueuedMessages,
      highWaterBytes: config.socketHighWaterBytes,
      flusher: new TurnFlusher((error) => deps.logger.warn({ err: error }, 'stream flush failed')),
      onSlowConsumer: () => metrics.slowConsumerDisconnects.inc(),
    };
    // No permessage-deflate: frames are written pre-framed (connection/websocket-frames.ts), and
    // compressing per connection would cost more CPU than fan-out of small JSON frames saves.
    const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES, perMessageDeflate: false });
    const alive = new WeakSet<WebSocket>();
    const heartbeat = setInterval(() => {
      for (const client of wss.clients) {
        if (!alive.has(client)) {
          client.terminate();
          continue;
        }
        alive.delete(client);
        client.ping();
      }
    }, HEARTBEAT_MS);
    heartbeat.unref();

    const onUpgrade = (raw: UpgradingRequest, socket: Duplex, head: Buffer): void => {
      const url = new URL(raw.url ?? '/', 'http://stream.invalid');
      if (url.pathname !== STREAM_PATH) {
        if (app.server.listenerCount('upgrade') === 1) socket.destroy();
        return;
      }
      const token = url.searchParams.get('token');
      if (token !== null) {
        if (raw.headers.authorization === undefined && raw.headers['x-api-key'] === undefined) raw.headers.authorization = `Bearer ${token}`;
        url.searchParams.delete('token');
        raw.url = url.pathname + url.search;
      }
      raw[UPGRADE] = { socket, head };
      const response = new ServerResponse(raw);
      response.assignSocket(socket as Socket);
      // A refused upgrade (401, 403, 429) is an ordinary HTTP answer; the socket ends with it.
      response.on('finish', () => socket.destroy());
      app.routing(raw, response);
    };
    app.server.on('upgrade', onUpgrade);

    app.get(
      STREAM_PATH,
      {
        config: { permission: 'trading:read' },
        schema: {
          // A WebSocket upgrade, not a REST operation: OpenAPI cannot describe it (plain GETs get 426),
          // so it stays out of /v1/openapi.json; docs/streams.md documents the protocol.
          hide: true,
          tags: ['stream'],
          summary: 'WebSocket stream of quotes, trades, books, bars, own orders, own positions and notifications (docs/streams.md)',
          querystring: { type: 'object', properties: { token: { type: 'string', description: 'Access token or API key, for clients that cannot set headers' } } },
        },
      },
      async (request, reply) => {
        const upgrade = (request.raw as UpgradingRequest)[UPGRADE];
        if (!upgrade) throw new KestrelError(StreamErrors.STREAM_UPGRADE_REQUIRED, 'GET /v1/stream needs an Upgrade: websocket request');
        const principal = principalOf(request);
        if (!principal) throw new KestrelError(StreamErrors.STREAM_UNAUTHENTICATED, 'The stream needs an access token or API key');
        const credentialHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) {
          if (typeof value === 'string' && !NOT_FORWARDED.has(name) && !name.startsWith('sec-websocket-')) credentialHeaders[name] = value;
        }
        reply.hijack();
        wss.handleUpgrade(request.raw, upgrade.socket, upgrade.head, (ws) => {
          metrics.clients.inc();
          alive.add(ws);
          ws.on('pong', () => alive.add(ws));
          // A turn's frames are framed into one buffer and written to the upgraded socket in one
          // write. ws's own writes (pings, close) go to the same socket synchronously (no
          // permessage-deflate), so the order on the wire is the order of the calls, and ws's
          // bufferedAmount counts our bytes too. Nothing is written once the close handshake began.
          const raw = upgrade.socket;
          const socket: StreamSocket = {
            get bufferedAmount() {
              return ws.bufferedAmount;
            },
            sendMessages: (messages, written) => {
              if (ws.readyState === ws.OPEN) raw.write(encodeTextFrames(messages), written);
            },
            close: (code, reason) => ws.close(code, reason),
          };
          const connection = new StreamConnection(socket, { userId: principal.userId, credentialHeaders }, context);
          open.set(ws, connection);
          ws.on('message', (data, isBinary) => {
            if (isBinary) {
              connection.queue.control(JSON.stringify({ type: 'error', code: 'STREAM_MESSAGE_INVALID', message: 'Frames are JSON text' }));
              return;
            }
            void connection.receive(data.toString()).catch((error: unknown) => request.log.warn({ err: error }, 'stream frame failed'));
          });
          ws.on('error', (error) => request.log.debug({ err: error }, 'stream socket error'));
          ws.on('close', () => {
            open.delete(ws);
            metrics.clients.dec();
            metrics.conflated.inc(connection.queue.conflatedCount);
            connection.close();
          });
        });
      },
    );

    // preClose, not onClose: the HTTP server's close waits for every open socket, and upgraded
    // WebSocket sockets never end on their own.
    app.addHook('preClose', async () => {
      clearInterval(heartbeat);
      app.server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.close(1001, 'server shutting down');
      // Clients that do not answer the close handshake in time are cut.
      await new Promise((resolve) => setTimeout(resolve, wss.clients.size > 0 ? 200 : 0));
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    });
    app.addHook('onClose', async () => {
      await hub.close();
    });
  },
});
