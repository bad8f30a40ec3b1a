// Proxy mode: forwards /v1 prefixes to the services (@fastify/http-proxy) and serves one OpenAPI
// document merged from theirs.
// Invariants: the longest matching prefix wins (registration order does not matter); the
// request id travels to the upstream in `x-request-id`; an unreachable upstream answers 503
// GATEWAY_UPSTREAM_UNAVAILABLE with the common error body.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import httpProxy, { type FastifyHttpProxyOptions } from '@fastify/http-proxy';
import { KestrelError } from '@kestrel/server-common';
import { GatewayErrors } from '../errors.js';
import { openApiBase } from '../plugins/openapi.js';

/** One `prefix=url` pair. */
export interface Upstream {
  prefix: string;
  url: string;
}

/** Parses the `upstreams` config list. */
export function parseUpstreams(entries: readonly string[]): Upstream[] {
  return entries
    .map((entry) => {
      const index = entry.indexOf('=');
      return { prefix: entry.slice(0, index).replace(/\/+$/, ''), url: entry.slice(index + 1) };
    })
    .sort((a, b) => b.prefix.length - a.prefix.length);
}

/** Upstream prefixes served over WebSocket (docs/streams.md). */
const WEBSOCKET_PREFIXES: readonly string[] = ['/v1/stream'];
/** Headers a proxied WebSocket upgrade carries to the upstream (the service authenticates again). */
const FORWARDED_WS_HEADERS = ['authorization', 'x-api-key', 'cookie'] as const;

function forwardCredentials(headers: Record<string, string>, request: FastifyRequest): Record<string, string> {
  const forwarded: Record<string, string> = { ...headers, 'x-request-id': request.id };
  for (const name of FORWARDED_WS_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') forwarded[name] = value;
  }
  return forwarded;
}

/** Registers one proxy per upstream and the merged document route in `scope`. */
export async function installUpstreams(scope: FastifyInstance, upstreams: readonly Upstream[], version: string): Promise<void> {
  for (const upstream of upstreams) {
    const options = {
      upstream: upstream.url,
      prefix: upstream.prefix,
      rewritePrefix: upstream.prefix,
      replyOptions: {
        rewriteRequestHeaders: (request, headers) => ({ ...headers, 'x-request-id': request.id }),
        onError: (reply, { error }) => {
          reply.send(new KestrelError(GatewayErrors.GATEWAY_UPSTREAM_UNAVAILABLE, `The service behind ${upstream.prefix} is unavailable`, { cause: error }));
        },
      },
    } satisfies FastifyHttpProxyOptions;
    // WebSocket endpoints: the upgrade goes through this gateway's hooks (authentication, rate
    // limits) and is then piped to the upstream with the caller's credential.
    if (WEBSOCKET_PREFIXES.includes(upstream.prefix)) {
      // rewriteRequestHeaders is read by @fastify/http-proxy's WebSocket client (its default forwards
      // only cookies) but missing from its typings, hence the separate object.
      const wsClientOptions = { headers: {}, rewriteRequestHeaders: forwardCredentials };
      await scope.register(httpProxy, { ...options, websocket: true, wsClientOptions });
    } else {
      await scope.register(httpProxy, options);
    }
  }
  const origins = [...new Set(upstreams.map((upstream) => upstream.url))];
  let cached: { at: number; document: unknown } | undefined;
  scope.get('/v1/openapi.json', { config: { auth: 'public' } }, async () => {
    if (cached && Date.now() - cached.at < 60_000) return cached.document;
    const merged = { ...openApiBase(version), paths: {} as Record<string, unknown>, components: { ...openApiBase(version).components, schemas: {} } };
    for (const origin of origins) {
      const response = await fetch(new URL('/v1/openapi.json', origin), { signal: AbortSignal.timeout(5000) }).catch(() => null);
      if (!response?.ok) continue;
      const document = (await response.json()) as { paths?: Record<string, unknown>; components?: { schemas?: Record<string, unknown> } };
      Object.assign(merged.paths, document.paths);
      Object.assign(merged.components.schemas, document.components?.schemas);
    }
    cached = { at: Date.now(), document: merged };
    return merged;
  });
}
