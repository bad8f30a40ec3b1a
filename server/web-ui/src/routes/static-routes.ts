// GET / and the built renderer's files. Routes are created per file found at start-up
// (`wildcard: false`), so the web UI never shadows an API path: an unknown `/v1/...` still gets
// the API's 404, and a missing file the common ROUTE_NOT_FOUND. Files are served with ETag and
// Last-Modified (conditional requests answer 304). When the renderer has not been built, `/`
// answers 503 with a page saying how to build it, instead of a blank 404.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { STATIC_SECURITY_HEADERS, cacheControlOf, webUiContentSecurityPolicy } from '../security-headers.js';

/** What the routes need. */
export interface StaticRouteOptions {
  /** Folder of the built renderer. */
  root: string;
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Kestrel</title>
<body style="font:16px system-ui;padding:3em;max-width:40em">
<h1>The Kestrel web UI is not built</h1>
<p>Build it with <code>npm run build -w desktop</code> (or start the server with <code>npm start</code>, which builds it first), then restart the server.</p>
<p>The API is available: <a href="/docs">/docs</a>.</p></body>`;

/** Registers the web UI routes; returns whether the renderer was found. */
export async function staticRoutes(app: FastifyInstance, options: StaticRouteOptions): Promise<boolean> {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('content-security-policy', webUiContentSecurityPolicy(request.headers.host));
    for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) reply.header(name, value);
    reply.header('cache-control', cacheControlOf(request.url.split('?')[0] ?? '/'));
    return payload;
  });
  if (!existsSync(path.join(options.root, 'index.html'))) {
    // `hide` keeps the page out of the OpenAPI document (read by @fastify/swagger).
    app.get('/', { schema: { hide: true } as FastifySchema }, async (_request, reply) => reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT));
    return false;
  }
  await app.register(fastifyStatic, {
    root: options.root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    decorateReply: false,
    schemaHide: true,
    cacheControl: false,
    etag: true,
    lastModified: true,
    dotfiles: 'deny',
  });
  return true;
}
