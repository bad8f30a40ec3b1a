// Child process of the fan-out benchmark: opens N WebSocket clients (in their own process, so the
// server process's CPU time is the server's alone), subscribes each, and records every delta's
// delivery delay = receive wall time - the send time stamped in the message (same machine, same
// clock). Started and stopped over IPC; reports the delays when told to stop. Plain JavaScript, so
// it runs without tsx's loader.
import WebSocket from 'ws';

/** @type {{ url: string, clients: number, token: string, mode: 'stream' | 'raw', expected: number }} mode 'raw' = the baseline's plain frames. */
let options;
/** @type {Float64Array} */
let delays = new Float64Array(0);
let recorded = 0;
/** @type {WebSocket[]} */
const sockets = [];
let ready = 0;
/** CPU time when every client was subscribed (the clients' own cost is reported too). */
let cpuAtStart = process.cpuUsage();
const report = (message) => process.send?.(message);

const nowMs = () => performance.timeOrigin + performance.now();
const DELTA = Buffer.from('{"type":"delta"');
const SNAPSHOT = Buffer.from('{"type":"snapshot"');
const STAMP = Buffer.from('"timeMicros":');

/** The integer at `at` in `data` (ASCII digits), read from the bytes without decoding the frame. */
function integerAt(data, at) {
  let value = 0;
  for (let i = at; i < data.length; i++) {
    const digit = data[i] - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  return value;
}

function reportReady() {
  cpuAtStart = process.cpuUsage();
  report({ type: 'ready' });
}

function start() {
  // Preallocated (expected deliveries + slack), so recording a delay allocates nothing: the
  // clients share the 2 cores with the server, and their GC pauses would be measured as delay.
  delays = new Float64Array(options.expected + options.clients * 100);
  for (let i = 0; i < options.clients; i++) {
    // skipUTF8Validation: the clients only look for the stamp; validation is the clients' cost, not the server's.
    const socket = new WebSocket(options.url, { headers: { authorization: `Bearer ${options.token}` }, skipUTF8Validation: true });
    sockets.push(socket);
    socket.on('open', () => {
      if (options.mode === 'raw') {
        if (++ready === options.clients) reportReady();
        return;
      }
      socket.send(JSON.stringify({ type: 'subscribe', id: 't', channel: 'trades', symbol: 'BENCH' }));
    });
    socket.on('message', (data) => {
      const receivedAt = nowMs();
      // Only the stamp is read (no decoding, no JSON.parse), so the clients measure the server, not themselves.
      if (data.compare(DELTA, 0, DELTA.length, 0, DELTA.length) === 0) {
        const at = data.indexOf(STAMP);
        if (at >= 0 && recorded < delays.length) delays[recorded++] = receivedAt - integerAt(data, at + STAMP.length) / 1000;
        return;
      }
      if (data.compare(SNAPSHOT, 0, SNAPSHOT.length, 0, SNAPSHOT.length) === 0 && ++ready === options.clients) reportReady();
    });
    socket.on('error', (error) => report({ type: 'error', message: String(error) }));
  }
}

process.on('message', (message) => {
  if (message.type === 'start') {
    options = message;
    start();
    return;
  }
  if (message.type !== 'stop') return;
  for (const socket of sockets) socket.terminate();
  const cpu = process.cpuUsage(cpuAtStart);
  report({ type: 'delays', delays: delays.slice(0, recorded), cpuMs: (cpu.user + cpu.system) / 1000 });
});
