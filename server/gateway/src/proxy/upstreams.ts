// Proxy mode: forwards /v1 prefixes to the services (@fastify/http-proxy) and serves one OpenAPI
// document merged from theirs.
// Invariants: the longest matching prefix wins (registration order does not matter); the
// request id travels to the upstream in `x-request-id`; an unreachable upstream answers 503
// GATEWAY_UPSTREAM_UNAVAILABLE with the common error body.
import type { FastifyInstance } from 'fastify';
import httpProxy from '@fastify/http-proxy';
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

/** Registers one proxy per upstream and the merged document route in `scope`. */
export async function installUpstreams(scope: FastifyInstance, upstreams: readonly Upstream[], version: string): Promise<void> {
  for (const upstream of upstreams) {
    await scope.register(httpProxy, {
      upstream: upstream.url,
      prefix: upstream.prefix,
      rewritePrefix: upstream.prefix,
      replyOptions: {
        rewriteRequestHeaders: (request, headers) => ({ ...headers, 'x-request-id': request.id }),
        onError: (reply, { error }) => {
          reply.send(new KestrelError(GatewayErrors.GATEWAY_UPSTREAM_UNAVAILABLE, `The service behind ${upstream.prefix} is unavailable`, { cause: error }));
        },
      },
    });
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
