// The stream service inside the whole server (every registered service, as `kestrel serve --all`
// mounts them) and behind the edge gateway in proxy mode: real JWTs from the auth service verified
// by the real gateway on the WebSocket upgrade (header and `?token=`), snapshots read in-process
// from the real market-data and portfolio routes with the caller's credential, and the edge
// forwarding /v1/stream upgrades to the upstream with the credential.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { build, createRuntime, loadConfig, type CoreDeps } from '@kestrel/server-common';
import { gatewayService } from '@kestrel/server-gateway';
import { requireTestEnv, startHarness, type Harness } from '../identity/harness.js';

let server: Harness;
let serverUrl: string;
let edge: FastifyInstance;
let edgeDeps: CoreDeps;
let edgeUrl: string;

before(async () => {
  server = await startHarness();
  serverUrl = await server.app.listen({ host: '127.0.0.1', port: 0 });
  const { config } = loadConfig({
    env: {
      KESTREL_DATABASE_URL: requireTestEnv('KESTREL_TEST_DATABASE_URL'),
      KESTREL_LOG_LEVEL: 'silent',
      KESTREL_GATEWAY_MODE: 'proxy',
      KESTREL_GATEWAY_AUTH_URL: serverUrl,
      KESTREL_GATEWAY_UPSTREAMS: `/v1=${serverUrl},/v1/stream=${serverUrl}`,
    },
    sections: [{ name: gatewayService.name, schema: gatewayService.config! }],
  });
  edgeDeps = await createRuntime({ config, processName: 'kestrel-stream-edge-test' });
  edge = await build({ deps: edgeDeps, modules: [gatewayService] });
  edgeUrl = await edge.listen({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  await edge?.close();
  await edgeDeps?.lifecycle.close(5000);
  await server?.close();
});

const wsUrl = (base: string, query = '') => `${base.replace(/^http/, 'ws')}/v1/stream${query}`;

/** Opens a socket; resolves with it, or with the HTTP status of a refused upgrade. */
function open(url: string, headers: Record<string, string> = {}): Promise<{ socket: WebSocket; frames: Record<string, unknown>[] } | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const frames: Record<string, unknown>[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(data.toString()) as Record<string, unknown>));
    socket.once('open', () => resolve({ socket, frames }));
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', (error) => reject(error));
  });
}

async function snapshotOf(connection: { socket: WebSocket; frames: Record<string, unknown>[] }, subscribe: Record<string, unknown>): Promise<Record<string, unknown>> {
  connection.socket.send(JSON.stringify({ type: 'subscribe', ...subscribe }));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = connection.frames.find((frame) => frame.id === subscribe.id && (frame.type === 'snapshot' || frame.type === 'error'));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no snapshot for ${String(subscribe.id)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('the real gateway authenticates the upgrade: JWT header, ?token=, API key; none or a forged one is refused', async () => {
  const trader = await server.user('trader');
  assert.equal(await open(wsUrl(serverUrl)), 401);
  assert.equal(await open(wsUrl(serverUrl), { authorization: `Bearer ${trader.accessToken.slice(0, -4)}AAAA` }), 401);
  const viaHeader = await open(wsUrl(serverUrl), { authorization: `Bearer ${trader.accessToken}` });
  assert.ok(typeof viaHeader !== 'number');
  viaHeader.socket.terminate();
  const viaQuery = await open(wsUrl(serverUrl, `?token=${encodeURIComponent(trader.accessToken)}`));
  assert.ok(typeof viaQuery !== 'number', 'a browser-style ?token= upgrade is accepted');
  viaQuery.socket.terminate();
  const created = await server.call('POST', '/v1/api-keys', { token: trader.accessToken, body: { name: 'stream', scopes: ['read'] } });
  const key = (created.json() as { key: string }).key;
  const viaKey = await open(wsUrl(serverUrl), { 'x-api-key': key });
  assert.ok(typeof viaKey !== 'number', 'an API key opens the stream');
  viaKey.socket.terminate();
});

test('snapshots come from the real routes with the caller credential', async () => {
  const trader = await server.user('trader');
  const connection = await open(wsUrl(serverUrl), { authorization: `Bearer ${trader.accessToken}` });
  assert.ok(typeof connection !== 'number');
  try {
    // An unknown symbol: market-data answers MARKET_INSTRUMENT_NOT_FOUND, which the snapshot reports.
    assert.deepEqual(await snapshotOf(connection, { id: 'b', channel: 'book', symbol: 'NOBOOK' }), {
      type: 'snapshot',
      id: 'b',
      seq: 0,
      data: null,
      error: 'STREAM_SNAPSHOT_UNAVAILABLE',
    });
    const positions = await snapshotOf(connection, { id: 'p', channel: 'positions' });
    assert.equal(positions.error, undefined, 'the portfolio route answered');
    const direct = await server.call('GET', '/v1/positions', { token: trader.accessToken });
    assert.deepEqual(positions.data, direct.json(), 'the snapshot is what the caller would read over REST');
  } finally {
    connection.socket.terminate();
  }
});

test('the edge gateway in proxy mode forwards /v1/stream upgrades with the credential', async () => {
  const trader = await server.user('trader');
  assert.equal(await open(wsUrl(edgeUrl)), 401, 'the edge refuses an upgrade without a credential');
  const connection = await open(wsUrl(edgeUrl), { authorization: `Bearer ${trader.accessToken}` });
  assert.ok(typeof connection !== 'number');
  try {
    connection.socket.send(JSON.stringify({ type: 'ping', nonce: 'through-the-edge' }));
    const deadline = Date.now() + 30_000;
    while (!connection.frames.some((frame) => frame.type === 'pong')) {
      if (Date.now() > deadline) throw new Error('no pong through the edge');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const snapshot = await snapshotOf(connection, { id: 'p', channel: 'positions' });
    assert.equal(snapshot.type, 'snapshot', 'the upstream authenticated the forwarded credential');
  } finally {
    connection.socket.terminate();
  }
  const viaQuery = await open(wsUrl(edgeUrl, `?token=${encodeURIComponent(trader.accessToken)}`));
  assert.ok(typeof viaQuery !== 'number', '?token= works through the edge');
  viaQuery.socket.terminate();
});
