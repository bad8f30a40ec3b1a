// The client's own protocol handling (ordering, gaps, reconnect) needs control over what the
// server sends, so these tests script a `ws` server speaking the /v1/stream protocol; the real
// stream service is exercised end to end in desktop/e2e/trading.test.ts.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket, WebSocketServer } from 'ws';
import { StreamClient, type SocketLike } from './stream-client.js';

const servers: WebSocketServer[] = [];
after(() => servers.forEach((server) => server.close()));

async function scriptedServer(onMessage: (socket: WebSocket, message: Record<string, unknown>, url: string) => void) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (socket, request) => socket.on('message', (raw) => onMessage(socket, JSON.parse(String(raw)) as Record<string, unknown>, request.url ?? '')));
  const { port } = server.address() as { port: number };
  return { server, url: `ws://127.0.0.1:${port}/v1/stream` };
}

const socketOf = (url: string) => new WebSocket(url) as unknown as SocketLike;

/** Polls until `done` holds (a loaded CI machine may take seconds to connect); `seen` says what was there instead. */
async function until(done: () => boolean, seen: () => unknown, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(`still waiting after ${timeoutMs} ms; last seen: ${JSON.stringify(seen())}`);
    await sleep(10);
  }
}

describe('StreamClient', () => {
  it('sends the token, subscribes and delivers the snapshot then deltas in order', async () => {
    const urls: string[] = [];
    const { url } = await scriptedServer((socket, message, path) => {
      urls.push(path);
      if (message['type'] !== 'subscribe') return;
      const id = message['id'];
      socket.send(JSON.stringify({ type: 'subscribed', id, channel: message['channel'] }));
      socket.send(JSON.stringify({ type: 'snapshot', id, seq: 0, data: { n: 0 } }));
      socket.send(JSON.stringify({ type: 'delta', id, seq: 1, data: { n: 1 } }));
      socket.send(JSON.stringify({ type: 'delta', id, seq: 2, data: { n: 2 } }));
    });
    const client = new StreamClient(() => url, () => 'tok en', socketOf);
    const seen: unknown[] = [];
    const off = client.subscribe({ channel: 'trades', symbol: 'AAPL' }, { snapshot: (data) => seen.push(['snapshot', data]), delta: (data) => seen.push(['delta', data]) });
    await until(() => seen.length >= 3, () => seen);
    assert.deepEqual(seen, [
      ['snapshot', { n: 0 }],
      ['delta', { n: 1 }],
      ['delta', { n: 2 }],
    ]);
    assert.equal(urls[0], '/v1/stream?token=tok%20en');
    assert.equal(client.state.getState().status, 'open');
    off();
    client.stop();
  });

  it('re-subscribes for a fresh snapshot when a delta is missing', async () => {
    let subscribes = 0;
    const { url } = await scriptedServer((socket, message) => {
      if (message['type'] !== 'subscribe') return;
      subscribes += 1;
      const id = message['id'];
      socket.send(JSON.stringify({ type: 'snapshot', id, seq: 0, data: subscribes }));
      if (subscribes === 1) socket.send(JSON.stringify({ type: 'delta', id, seq: 2, data: 'after a gap' }));
    });
    const client = new StreamClient(() => url, () => null, socketOf);
    const snapshots: unknown[] = [];
    const deltas: unknown[] = [];
    client.subscribe({ channel: 'book', symbol: 'AAPL' }, { snapshot: (data) => snapshots.push(data), delta: (data) => deltas.push(data) });
    await until(() => snapshots.length >= 2, () => ({ snapshots, deltas }));
    assert.deepEqual(snapshots, [1, 2]);
    assert.deepEqual(deltas, []);
    client.stop();
  });

  it('reconnects after the server drops the connection and subscribes again', async () => {
    let connections = 0;
    const { server, url } = await scriptedServer((socket, message) => {
      if (message['type'] !== 'subscribe') return;
      socket.send(JSON.stringify({ type: 'snapshot', id: message['id'], seq: 0, data: connections }));
    });
    server.on('connection', (socket) => {
      connections += 1;
      if (connections === 1) setTimeout(() => socket.terminate(), 50);
    });
    const client = new StreamClient(() => url, () => null, socketOf);
    const snapshots: unknown[] = [];
    client.subscribe({ channel: 'positions' }, { snapshot: (data) => snapshots.push(data), delta: () => undefined });
    // The first reconnect waits the 1 s backoff.
    await until(() => snapshots.length >= 2, () => ({ connections, snapshots }));
    assert.equal(connections, 2);
    assert.deepEqual(snapshots, [1, 2]);
    client.stop();
  });

  it('reports refused subscriptions and counts failed connection attempts', async () => {
    const { url } = await scriptedServer((socket, message) => {
      if (message['type'] === 'subscribe') socket.send(JSON.stringify({ type: 'error', id: message['id'], code: 'STREAM_FORBIDDEN', message: 'not yours' }));
    });
    const client = new StreamClient(() => url, () => null, socketOf);
    const errors: string[] = [];
    client.subscribe({ channel: 'orders', accountId: '00000000-0000-4000-8000-000000000001' }, { snapshot: () => undefined, delta: () => undefined, error: (code) => errors.push(code) });
    await until(() => errors.length >= 1, () => errors);
    assert.deepEqual(errors, ['STREAM_FORBIDDEN']);
    client.stop();

    const down = new StreamClient(() => 'ws://127.0.0.1:1/v1/stream', () => null, socketOf);
    down.subscribe({ channel: 'trades', symbol: 'AAPL' }, { snapshot: () => undefined, delta: () => undefined });
    // The poll's 10 ms timer always fires before the 2 s retry the failure scheduled, so the first
    // failure is seen before a second attempt could count another.
    await until(() => down.state.getState().failures > 0, () => down.state.getState());
    assert.equal(down.state.getState().failures, 1);
    assert.equal(down.state.getState().status, 'reconnecting');
    down.stop();
  });
});
