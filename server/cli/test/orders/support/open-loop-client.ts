// An open-loop HTTP load generator, run as a child process (fork, one step per process) so its
// event loop and garbage collector do not share the server's: request i is due at start + i / rate, and its latency is measured from that scheduled
// time (not from when it was actually sent), so a server that falls behind shows its queueing
// delay instead of silently slowing the client down (no coordinated omission). Requests go over
// real keep-alive TCP connections (undici Pool) to a listening port.
// Known limits: in-flight requests are capped (`maxInFlight`); a request that could not be sent
// because of the cap waits and is still timed from its schedule. The client shares the machine's
// cores with the server, so its own cost is part of every number.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

/** One load step: what to send, how fast, for how long. */
export interface LoadStep {
  origin: string;
  method: 'GET' | 'POST';
  /** Request i uses variant i % variants.length (e.g. one per account and its owner's token). */
  variants: LoadVariant[];
  ratePerSecond: number;
  durationMs: number;
  connections: number;
  maxInFlight: number;
  /** Prefix making `{n}` unique across steps. */
  tag: string;
}

/** One request shape of a step. */
export interface LoadVariant {
  path: string;
  headers: Record<string, string>;
  /** POST body template; `{n}` in any string value is replaced with a number unique to the request. */
  body?: Record<string, unknown>;
}

/** What one step measured (latencies in ms from the scheduled send time). */
export interface LoadResult {
  scheduled: number;
  completed: number;
  failed: number;
  statuses: Record<string, number>;
  elapsedMs: number;
  latenciesMs: number[];
}

function fill(template: Record<string, unknown>, n: string): string {
  return JSON.stringify(template, (_key, value: unknown) => (typeof value === 'string' ? value.replaceAll('{n}', n) : value));
}

async function run(step: LoadStep): Promise<LoadResult> {
  const pool = new Pool(step.origin, { connections: step.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const total = Math.round((step.ratePerSecond * step.durationMs) / 1000);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let failed = 0;
  let sent = 0;
  let inFlight = 0;
  const start = performance.now() + 20;
  const variants = step.variants.map((variant) => ({ ...variant, headers: { ...variant.headers, ...(variant.body ? { 'content-type': 'application/json' } : {}) } }));
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let settled = 0;
  const send = (i: number): void => {
    const due = start + (i * 1000) / step.ratePerSecond;
    const variant = variants[i % variants.length]!;
    inFlight += 1;
    pool
      .request({ method: step.method, path: variant.path, headers: variant.headers, body: variant.body ? fill(variant.body, `${step.tag}-${i}`) : undefined })
      .then(async (response) => {
        await response.body.dump();
        statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
        if (response.statusCode >= 400) failed += 1;
        else latencies.push(performance.now() - due);
      })
      .catch(() => {
        failed += 1;
      })
      .finally(() => {
        inFlight -= 1;
        settled += 1;
        if (settled === total) finish();
        else pump();
      });
  };
  const pump = (): void => {
    const now = performance.now();
    while (sent < total && inFlight < step.maxInFlight && start + (sent * 1000) / step.ratePerSecond <= now) send(sent++);
  };
  const ticker = setInterval(pump, 1);
  await done;
  clearInterval(ticker);
  const elapsedMs = performance.now() - start;
  await pool.close();
  return { scheduled: total, completed: latencies.length, failed, statuses, elapsedMs, latenciesMs: latencies };
}

process.once('message', (step: LoadStep) => {
  void run(step).then((result) => process.send!(result, () => process.exit(0)));
});
