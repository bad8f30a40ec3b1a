// Worker thread of the fan-out benchmark: opens N WebSocket clients (in their own thread, so the
// server's thread is not also the clients'), subscribes each, and records every delta's delivery
// delay = receive wall time - the send time stamped in the message (same machine, same clock).
// Reports the delays to the parent when told to stop. Plain JavaScript: worker threads do not
// inherit tsx's loader on Node 20.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

/** @type {{ url: string, clients: number, token: string, mode: 'stream' | 'raw' }} mode 'raw' = the baseline's plain frames. */
const options = workerData;
/** @type {number[]} */
const delays = [];
/** @type {WebSocket[]} */
const sockets = [];
let ready = 0;

const nowMs = () => performance.timeOrigin + performance.now();

for (let i = 0; i < options.clients; i++) {
  const socket = new WebSocket(options.url, { headers: { authorization: `Bearer ${options.token}` } });
  sockets.push(socket);
  socket.on('open', () => {
    if (options.mode === 'raw') {
      if (++ready === options.clients) parentPort.postMessage({ type: 'ready' });
      return;
    }
    socket.send(JSON.stringify({ type: 'subscribe', id: 't', channel: 'trades', symbol: 'BENCH' }));
  });
  socket.on('message', (data) => {
    const receivedAt = nowMs();
    // Only the stamp is read (no full JSON.parse), so the clients' thread measures the server, not itself.
    const text = data.toString();
    const at = text.indexOf('"timeMicros":');
    if (text.startsWith('{"type":"delta"') && at >= 0) {
      delays.push(receivedAt - Number.parseInt(text.slice(at + 13, at + 30), 10) / 1000);
      return;
    }
    if (text.startsWith('{"type":"snapshot"') && ++ready === options.clients) parentPort.postMessage({ type: 'ready' });
  });
  socket.on('error', (error) => parentPort.postMessage({ type: 'error', message: String(error) }));
}

parentPort.on('message', (message) => {
  if (message.type !== 'stop') return;
  for (const socket of sockets) socket.terminate();
  parentPort.postMessage({ type: 'delays', delays: Float64Array.from(delays) });
});
