// The Redis client factory. Invariants: clients connect lazily (creating one never blocks or
// fails start-up; the first command or the readiness check connects); reconnects back off
// exponentially up to 2 s, forever, because Redis is a cache and fan-out layer, never the
// system of record, and the process should recover when it comes back; a command fails after
// 3 reconnect attempts instead of hanging, so callers and health checks see the outage.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redactConnectionUrl } from '../log/logger.js';

/** Options of createRedis. */
export interface CreateRedisOptions {
  url: string;
  logger?: Logger;
  /** Client name shown by CLIENT LIST, e.g. `kestrel-gateway`. */
  connectionName?: string;
  /**
   * Sends the commands issued in one tick as one pipeline (one socket write). For clients that
   * issue independent fire-and-forget commands in bursts, such as the channels' publisher.
   */
  autoPipelining?: boolean;
}

/** Delay before reconnect attempt `times` (1-based), in ms. */
export function redisRetryDelay(times: number): number {
  return Math.min(50 * 2 ** (times - 1), 2000);
}

/** Creates a lazily connecting client. */
export function createRedis(options: CreateRedisOptions): Redis {
  const client = new Redis(options.url, {
    lazyConnect: true,
    connectionName: options.connectionName ?? 'kestrel',
    maxRetriesPerRequest: 3,
    connectTimeout: 5000,
    retryStrategy: redisRetryDelay,
    enableAutoPipelining: options.autoPipelining ?? false,
  });
  let lastError = '';
  client.on('error', (error: Error) => {
    // ioredis emits the same error on every retry; log each distinct failure once.
    if (error.message === lastError) return;
    lastError = error.message;
    options.logger?.warn({ err: error, redis: redactConnectionUrl(options.url) }, 'Redis connection error');
  });
  client.on('ready', () => {
    lastError = '';
  });
  return client;
}

/** Readiness check: PING must answer PONG. */
export async function checkRedis(client: Redis): Promise<void> {
  const answer = await client.ping();
  if (answer !== 'PONG') throw new Error(`unexpected PING answer ${answer}`);
}

/**
 * Closes the client. A connected client sends QUIT (pending replies arrive first) and is dropped
 * if that takes longer than `timeoutMs`; a client that is not connected (never used, or retrying
 * against a Redis that is down) stops reconnecting at once.
 */
export async function closeRedis(client: Redis, timeoutMs = 2000): Promise<void> {
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    client.once('end', () => resolve());
    timer = setTimeout(() => {
      client.disconnect();
      resolve();
    }, timeoutMs);
    client.quit().catch(() => client.disconnect());
  });
  clearTimeout(timer);
}
