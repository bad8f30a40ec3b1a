// The logging cost of one HTTP request as Fastify produces it (a child logger with the request id,
// `incoming request`, `request completed`) plus one handler line logging the request headers, at
// the default level and at `silent`, written to a destination that drops the text. Compared in the
// same run with two baselines: pino's own path-based redaction of the same keys at the same depth
// (the wildcard paths Kestrel used before), and pino with no redaction at all (the floor).
// Prints numbers; asserts nothing.
// Run: node --import tsx server/common/src/log/logger.bench.ts   (env: REQUESTS, default 50000)
import { pino, type Logger } from 'pino';
import { SECRET_KEYS, createLogger, loggerOptions } from './logger.js';

const REQUESTS = Number(process.env.REQUESTS ?? 50_000);
const drop = { write: (_line: string) => true };

/** pino's redaction paths for SECRET_KEYS at depths 0-4 (the configuration this file compares with). */
function wildcardPaths(): string[] {
  return SECRET_KEYS.flatMap((key) => {
    const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
    return [0, 1, 2, 3, 4].map((depth) => (depth === 0 ? segment : '*.'.repeat(depth).slice(0, segment.startsWith('[') ? -1 : undefined) + segment));
  });
}

function loggers(level: string): [string, Logger][] {
  const plain = { ...loggerOptions({ level }), formatters: {} };
  return [
    ['kestrel (one pass)', createLogger({ level, destination: drop })],
    ['pino wildcard paths', pino({ ...plain, redact: { paths: wildcardPaths(), censor: '[REDACTED]' } }, drop)],
    ['pino, no redaction', pino(plain, drop)],
  ];
}

const req = { method: 'POST', url: '/v1/orders', ip: '127.0.0.1' };
const headers = { host: '127.0.0.1:8080', 'content-type': 'application/json', authorization: 'Bearer abc.def.ghi', 'x-request-id': 'req-1' };

/** Microseconds per request. */
function perRequest(logger: Logger): number {
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i += 1) {
    const log = logger.child({ requestId: `req-${i}` });
    log.info({ req }, 'incoming request');
    log.info({ headers }, 'handler');
    log.info({ res: { statusCode: 201 }, responseTime: 1.234 }, 'request completed');
  }
  return ((performance.now() - started) / REQUESTS) * 1000;
}

for (const level of ['info', 'silent']) {
  const candidates = loggers(level);
  for (const [, logger] of candidates) perRequest(logger); // warm-up
  const results = candidates.map(([name, logger]) => [name, Math.min(perRequest(logger), perRequest(logger), perRequest(logger))] as const);
  const baseline = results[1]![1];
  console.log(`level ${level}, ${REQUESTS} requests (child logger + 3 lines each), best of 3:`);
  for (const [name, us] of results) console.log(`  ${name.padEnd(22)} ${us.toFixed(2)} µs per request (${(us / baseline).toFixed(2)}× pino wildcard paths)`);
}
