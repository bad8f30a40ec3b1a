// Fan-out benchmark of the stream service: RATE trade messages per second published on
// `market.ticks` (in-process channels, or the real Redis with BENCH_CHANNELS=redis), delivered to
// CLIENTS WebSocket clients subscribed to the same symbol, for SECONDS seconds. Each message
// carries its SCHEDULED send time (timeMicros = start + n / RATE, wall clock), so delivery delay =
// receive time - scheduled time includes any lag of the publisher itself (a server too busy to
// publish on time is measured, not hidden: no coordinated omission). The clients run in a child
// process, so the numbers include the server process's own CPU time (user + system) per second
// and per delivered frame — the figure that stays comparable on a loaded machine.
// Baselines in the same run, same clients, same frames: a bare `ws` server (no protocol, no
// queues, one `send` per frame per client) (A) fed through the same in-process channels — the
// ratio to A is the service's own cost — and (B) called directly from the publisher's timer.
// Run: npm run bench -w server/stream  (env: BENCH_CLIENTS, BENCH_RATE, BENCH_SECONDS, BENCH_CHANNELS,
// BENCH_RUNS=stream,a,b to pick runs)
import { loadavg } from 'node:os';
import { fork } from 'node:child_process';
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
/** Which runs to do (comma list of stream, a, b); all by default. */
const RUNS = new Set((process.env.BENCH_RUNS ?? 'stream,a,b').split(','));

const nowMs = () => performance.timeOrigin + performance.now();

/** Message `sequence`, stamped with its scheduled send time (ms, wall clock). */
function message(sequence: number, scheduledMs: number): MarketTicksMessage {
  return {
    symbol: 'BENCH',
    replayId: null,
    events: [
      {
        kind: 'trade',
        symbol: 'BENCH',
        source: 'bench',
        timeMicros: Math.round(scheduledMs * 1000),
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
  /** This process's CPU time (user + system) per second of publishing, in ms. */
  cpuMsPerSecond: number;
  /** This process's CPU time per delivered frame, in µs. */
  cpuMicrosPerFrame: number;
  /** The clients' process's CPU time per second (from the last client subscribed to the stop), in ms. */
  clientsCpuMsPerSecond: number;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

type ClientReport = { type: 'ready' } | { type: 'error'; message: string } | { type: 'delays'; delays: Float64Array; cpuMs: number };

/** Starts the clients' process, runs `publish` at RATE for SECONDS, returns the delays and this process's CPU time. */
async function measure(url: string, mode: 'stream' | 'raw', publish: (sequence: number, scheduledMs: number) => void): Promise<Result> {
  const clients = fork(new URL('./fan-out-clients.mjs', import.meta.url), [], { serialization: 'advanced', stdio: 'inherit' });
  const reports: ((report: ClientReport) => void)[] = [];
  clients.on('message', (report: ClientReport) => reports.forEach((listener) => listener(report)));
  await new Promise<void>((resolve, reject) => {
    reports.push((report) => (report.type === 'ready' ? resolve() : report.type === 'error' ? reject(new Error(report.message)) : undefined));
    clients.once('exit', (code) => reject(new Error(`the clients' process exited (${code})`)));
    clients.send({ type: 'start', url, clients: CLIENTS, token: testToken('00000000-0000-4000-8000-000000000001'), mode, expected: RATE * SECONDS * CLIENTS });
  });
  let sequence = 0;
  const total = RATE * SECONDS;
  const started = nowMs();
  const cpuBefore = process.cpuUsage();
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      // Catch up to the schedule so the rate holds even when a tick is late.
      const due = Math.min(total, Math.round(((nowMs() - started) / 1000) * RATE));
      while (sequence < due) {
        publish(sequence, started + (sequence * 1000) / RATE);
        sequence += 1;
      }
      if (sequence >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 10);
  });
  // Let the last frames arrive (bounded).
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const cpu = process.cpuUsage(cpuBefore);
  const { delays, cpuMs: clientsCpuMs } = await new Promise<{ delays: Float64Array; cpuMs: number }>((resolve) => {
    reports.push((report) => report.type === 'delays' && resolve(report));
    clients.send({ type: 'stop' });
  });
  clients.kill();
  const sorted = delays.sort();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    delivered: sorted.length,
    expected: total * CLIENTS,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    cpuMsPerSecond: cpuMs / (SECONDS + 1),
    cpuMicrosPerFrame: (cpuMs * 1000) / Math.max(1, sorted.length),
    clientsCpuMsPerSecond: clientsCpuMs / (SECONDS + 1),
  };
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
    return await measure(`ws://127.0.0.1:${port}/v1/stream`, 'stream', (sequence, scheduledMs) => void deps.channels.publish('market.ticks', message(sequence, scheduledMs)));
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
    return await measure(`ws://127.0.0.1:${port}`, 'raw', (sequence, scheduledMs) =>
      viaChannels ? void channels.publish('market.ticks', message(sequence, scheduledMs)) : broadcast(message(sequence, scheduledMs).events[0], sequence),
    );
  } finally {
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
    await channels.close();
  }
}

const format = (r: Result) =>
  `delivered ${r.delivered}/${r.expected}  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  max ${r.max.toFixed(2)} ms  ` +
  `server CPU ${r.cpuMsPerSecond.toFixed(0)} ms/s (${r.cpuMicrosPerFrame.toFixed(2)} µs/frame)  clients CPU ${r.clientsCpuMsPerSecond.toFixed(0)} ms/s`;

console.log(`stream fan-out: ${RATE} msgs/s x ${CLIENTS} clients x ${SECONDS} s, channels=${CHANNELS}, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
// Each run starts from a fresh worker and server; the service runs first.
const stream = RUNS.has('stream') ? await streamRun() : null;
if (stream) console.log(`stream service:                      ${format(stream)}`);
const fedLikeTheService = RUNS.has('a') ? await baselineRun(true) : null;
if (fedLikeTheService) console.log(`baseline A (bare ws, same channels): ${format(fedLikeTheService)}`);
const direct = RUNS.has('b') ? await baselineRun(false) : null;
if (direct) console.log(`baseline B (bare ws, direct calls):  ${format(direct)}`);
if (stream && fedLikeTheService && direct) {
  console.log(`p99 ratio stream/A: ${(stream.p99 / fedLikeTheService.p99).toFixed(2)}  stream/B: ${(stream.p99 / direct.p99).toFixed(2)}`);
  console.log(`CPU/frame ratio stream/A: ${(stream.cpuMicrosPerFrame / fedLikeTheService.cpuMicrosPerFrame).toFixed(2)}  stream/B: ${(stream.cpuMicrosPerFrame / direct.cpuMicrosPerFrame).toFixed(2)}`);
}
console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
