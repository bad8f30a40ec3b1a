// Per-caller rate limits: authenticated requests count per user (session, OAuth client) or per
// API key, anonymous ones per client IP; over the limit the answer is 429 GATEWAY_RATE_LIMITED
// with `Retry-After`. Counters live in Redis when configured (shared by every gateway replica),
// in-process otherwise (@fastify/rate-limit's two stores).
// Not counted: the gateway's own in-process calls (INTERNAL_MARK_HEADER) and calls of the other
// services carrying a service token configured in this process (x-kestrel-service-token: the
// simulation venue's market-data ingest, the order service's portfolio checks) — they are the
// platform's own traffic, and counting them as one anonymous IP throttled the market feed.
// Invariant: the limit hook runs after authentication (added later on the same hook list), so
// the key is the verified identity, never a claim the client merely sent; a service token is
// compared in constant time against the configured ones, so sending the header without knowing
// a token only earns the normal anonymous bucket.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { KestrelError } from '@kestrel/server-common';
import { INTERNAL_MARK_HEADER } from '../credentials/auth-client.js';
import { GatewayErrors } from '../errors.js';
import { isApiPath } from './authentication.js';

/** Options of installRateLimits. */
export interface RateLimitOptions {
  perMinute: number;
  anonymousPerMinute: number;
  /** Requests carrying this value in INTERNAL_MARK_HEADER are the gateway's own and not counted. */
  internalMark: string;
  /** Service tokens configured in this process; requests carrying one are not counted. */
  serviceTokens: readonly string[];
  redis?: Redis;
}

/** Header other services send their service token in. */
export const SERVICE_TOKEN_HEADER = 'x-kestrel-service-token';

/** True when `sent` equals one of `tokens` (constant time per comparison). */
export function isServiceToken(sent: unknown, tokens: readonly string[]): boolean {
  if (typeof sent !== 'string' || sent.length === 0) return false;
  const given = Buffer.from(sent);
  return tokens.some((token) => {
    const expected = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** The bucket a request counts against. */
export function rateLimitKey(request: FastifyRequest): string {
  const principal = request.principal;
  if (!principal) return `ip:${request.ip}`;
  return principal.apiKeyId ? `key:${principal.apiKeyId}` : `user:${principal.userId}`;
}

/** Registers the limiter in `scope` and adds its hook to `root`. */
export async function installRateLimits(root: FastifyInstance, scope: FastifyInstance, options: RateLimitOptions): Promise<void> {
  await scope.register(rateLimit, {
    global: false,
    ...(options.redis ? { redis: options.redis, nameSpace: 'kestrel:gateway:rate:' } : {}),
  });
  const hook = scope.rateLimit({
    max: (request: FastifyRequest) => (request.principal ? options.perMinute : options.anonymousPerMinute),
    timeWindow: 60_000,
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_request: FastifyRequest, context: { after: string; ttl: number }) =>
      new KestrelError(GatewayErrors.GATEWAY_RATE_LIMITED, `Rate limit exceeded, retry in ${context.after}`, {
        details: { retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) },
      }),
  });
  root.addHook('onRequest', async (request, reply) => {
    if (!isApiPath(request.url) || request.headers[INTERNAL_MARK_HEADER] === options.internalMark) return;
    if (isServiceToken(request.headers[SERVICE_TOKEN_HEADER], options.serviceTokens)) return;
    await hook.call(root, request, reply);
  });
}
