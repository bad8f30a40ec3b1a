// Fan-out benchmark of the stream service: RATE trade messages per second published on
// `market.ticks` (in-process channels, or the real Redis with BENCH_CHANNELS=redis), delivered to
// CLIENTS WebSocket clients subscribed to the same symbol, for SECONDS seconds. Each message
// carries its send time (timeMicros = wall clock at publish), so delivery delay = receive time -
// send time, measured in a worker thread holding the clients. Baselines in the same run: the same
// frames broadcast by a bare `ws` server (no protocol, no queues) to the same number of clients,
// (A) fed through the same in-process channels — the ratio to A is the service's own cost — and
// (B) called directly, which shows what the channel layer's one-macrotask-per-message delivery
// costs (each message's frames then leave in their own write per socket).
// Run: npm run bench -w server/stream  (env: BENCH_CLIENTS, BENCH_RATE, BENCH_SECONDS, BENCH_CHANNELS)
import { Worker } from 'node:worker_threads';
import { WebSocketServer } from 'ws';
import { build, createTestDeps, InProcessChannels, RedisChannels } from '@kestrel/server-common';
import type { MarketTicksMessage } from '@kestrel/shared';
import { streamService } from '../src/app.js';
import { StreamConfigSchema } from '../src/config.js';
import { principalFromBearer, testToken } from '../test/support/harness.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CHANNELS = process.env.BENCH_CHANNELS ?? 'inprocess';

const nowMs = () => performance.timeOrigin + performance.now();

function message(sequence: number): MarketTicksMessage {
  return {
    symbol: 'BENCH',
    replayId: null,
    events: [
      {
        kind: 'trade',
        symbol: 'BENCH',
        source: 'bench',
        timeMicros: Math.round(nowMs() * 1000),
        priceTicks: 10_000 + (sequence % 50),
        quantityLots: 1 + (sequence % 7),
        aggressor: sequence % 2 === 0 ? 'buy' : 'sell',
        tradeId: `b-${sequence}`,
      },
    ],
    bars: [],
    gaps: [],
  };
}

interface Result {
  delivered: number;
  expected: number;
  p50: number;
  p99: number;
  max: number;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Starts the client worker, runs `publish` at RATE for SECONDS, returns the delays. */
async function measure(url: string, mode: 'stream' | 'raw', publish: (sequence: number) => void): Promise<Result> {
  const worker = new Worker(new URL('./fan-out-clients.mjs', import.meta.url), {
    workerData: { url, clients: CLIENTS, token: testToken('00000000-0000-4000-8000-000000000001'), mode },
  });
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m: { type: string; message?: string }) => (m.type === 'ready' ? resolve() : m.type === 'error' ? reject(new Error(m.message)) : undefined));
    worker.on('error', reject);
  });
  let sequence = 0;
  const total = RATE * SECONDS;
  const started = nowMs();
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      // Catch up to the schedule so the rate holds even when a tick is late.
      const due = Math.min(total, Math.round(((nowMs() - started) / 1000) * RATE));
      while (sequence < due) publish(sequence++);
      if (sequence >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 10);
  });
  // Let the last frames arrive (bounded).
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const delays = await new Promise<Float64Array>((resolve) => {
    worker.on('message', (m: { type: string; delays?: Float64Array }) => m.type === 'delays' && resolve(m.delays!));
    worker.postMessage({ type: 'stop' });
  });
  await worker.terminate();
  const sorted = delays.sort();
  return { delivered: sorted.length, expected: total * CLIENTS, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

async function streamRun(): Promise<Result> {
  const { deps } = createTestDeps({ sections: [{ name: 'stream', schema: StreamConfigSchema }], logLevel: 'warn' });
  if (CHANNELS === 'redis') {
    const url = process.env.KESTREL_TEST_REDIS_URL;
    if (!url) throw new Error('BENCH_CHANNELS=redis needs KESTREL_TEST_REDIS_URL: run scripts/test-services.sh');
    deps.channels = new RedisChannels({ url, prefix: `stream-bench-${process.pid}:` });
  }
  const app = await build({ deps, modules: [principalFromBearer, streamService] });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  try {
    return await measure(`ws://127.0.0.1:${port}/v1/stream`, 'stream', (sequence) => void deps.channels.publish('market.ticks', message(sequence)));
  } finally {
    await app.close();
    if (CHANNELS === 'redis') await deps.channels.close();
    await deps.lifecycle.close(5000);
  }
}

/**
 * A bare `ws` broadcast of the same frames. `viaChannels`: fed through the same in-process
 * channels as the service (isolates the service's own cost); otherwise published directly.
 */
async function baselineRun(viaChannels: boolean): Promise<Result> {
  const channels = new InProcessChannels();
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  const broadcast = (event: unknown, sequence: number) => {
    const frame = JSON.stringify({ type: 'delta', id: 't', seq: sequence + 1, data: event });
    for (const client of wss.clients) client.send(frame);
  };
  let received = 0;
  await channels.subscribe('market.ticks', (m) => broadcast((m.payload as MarketTicksMessage).events[0], received++));
  const { port } = wss.address() as { port: number };
  try {
    return await measure(`ws://127.0.0.1:${port}`, 'raw', (sequence) =>
      viaChannels ? void channels.publish('market.ticks', message(sequence)) : broadcast(message(sequence).events[0], sequence),
    );
  } finally {
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
    await channels.close();
  }
}

const format = (r: Result) => `delivered ${r.delivered}/${r.expected}  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  max ${r.max.toFixed(2)} ms`;

console.log(`stream fan-out: ${RATE} msgs/s x ${CLIENTS} clients x ${SECONDS} s, channels=${CHANNELS}, node ${process.version}`);
// Each run starts from a fresh worker and server; the service runs first.
const stream = await streamRun();
console.log(`stream service:                      ${format(stream)}`);
const fedLikeTheService = await baselineRun(true);
console.log(`baseline A (bare ws, same channels): ${format(fedLikeTheService)}`);
const direct = await baselineRun(false);
console.log(`baseline B (bare ws, direct calls):  ${format(direct)}`);
console.log(`p99 ratio stream/A: ${(stream.p99 / fedLikeTheService.p99).toFixed(2)}  stream/B: ${(stream.p99 / direct.p99).toFixed(2)}`);
