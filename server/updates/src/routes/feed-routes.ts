// GET/HEAD /updates/:channel/:file — the update feed of electron-updater's generic provider
// (provider url `https://<host>/updates/<channel>`): manifests (`latest.yml`, `latest-mac.yml`,
// `latest-linux.yml`), installers and their `.blockmap` files, read from object storage.
// Behaviour: ETag + Last-Modified on every file; If-None-Match answers 304; Range answers 206 with
// one range or `multipart/byteranges` with several (electron-updater's differential download asks
// for many ranges at once); If-Range falls back to the whole file when the file changed; a Range
// the server may ignore gets the whole file (200); manifests are `no-cache` (they change in place
// when a release is published), artefacts cacheable for `artifactMaxAgeSeconds`.
// Invariant: the object is read once with `head`, and every ranged read is checked against that
// head's etag, so a file replaced mid-request is never served as a mix of two versions (the
// request is retried once from the start; a multipart body whose later part changed is cut off).
// Public on purpose: update feeds carry no secrets, and the desktop checks the files' sha512.
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KestrelError, type ObjectInfo, type ObjectStorage } from '@kestrel/server-common';
import { contentRange, evaluateRange, type RangeEvaluation, type SatisfiedRange } from '../domain/byte-ranges.js';
import { entityTag, ifRangeAllows, noneMatchHits } from '../domain/conditional.js';
import { feedObjectKey, fileKind, isFeedFileName } from '../domain/feed-path.js';
import { multipartByteranges } from '../domain/multipart-byteranges.js';
import { UpdatesErrors } from '../errors.js';
import type { UpdatesMetrics } from '../metrics.js';

/** The route pattern of the feed. */
export const FEED_ROUTE = '/updates/:channel/:file';

/** What the feed routes need. */
export interface FeedRouteOptions {
  storage: ObjectStorage;
  channels: readonly string[];
  keyPrefix: string;
  artifactMaxAgeSeconds: number;
  metrics: UpdatesMetrics;
}

interface FeedParams {
  channel: string;
  file: string;
}

/** Thrown when the object changed between its head and a ranged read. */
class ObjectChanged extends Error {}

async function openChecked(storage: ObjectStorage, key: string, info: ObjectInfo, range?: SatisfiedRange): Promise<Readable> {
  const object = await storage.get(key, range ? { range } : {});
  if (object.info.etag !== info.etag) {
    object.body.destroy();
    throw new ObjectChanged(`${key} changed while it was being served`);
  }
  return object.body;
}

/** Registers the feed routes. */
export async function feedRoutes(app: FastifyInstance, options: FeedRouteOptions): Promise<void> {
  const { storage, channels, keyPrefix, metrics } = options;

  async function serve(request: FastifyRequest<{ Params: FeedParams }>, reply: FastifyReply, attempt: number): Promise<FastifyReply> {
    const { channel, file } = request.params;
    if (!channels.includes(channel)) throw new KestrelError(UpdatesErrors.UPDATES_NOT_FOUND, `No update channel "${channel}"`);
    if (!isFeedFileName(file)) throw new KestrelError(UpdatesErrors.UPDATES_INVALID_FILE_NAME, `"${file}" is not a file name the update feed serves`);
    const key = feedObjectKey(keyPrefix, channel, file);
    const info = await storage.head(key);
    if (!info) throw new KestrelError(UpdatesErrors.UPDATES_NOT_FOUND, `Channel "${channel}" has no file "${file}"`);

    const tag = entityTag(info.etag);
    const evaluation: RangeEvaluation = ifRangeAllows(header(request, 'if-range'), tag, info.lastModified)
      ? evaluateRange(header(request, 'range'), info.size)
      : { kind: 'ignore' };
    if (evaluation.kind === 'unsatisfiable') {
      reply.header('content-range', `bytes */${info.size}`);
      throw new KestrelError(UpdatesErrors.UPDATES_RANGE_NOT_SATISFIABLE, `"${file}" has ${info.size} bytes; no requested range overlaps them`);
    }
    reply
      .header('etag', tag)
      .header('last-modified', info.lastModified.toUTCString())
      .header('accept-ranges', 'bytes')
      .header('cache-control', fileKind(file) === 'manifest' ? 'no-cache' : `public, max-age=${options.artifactMaxAgeSeconds}`);
    if (noneMatchHits(header(request, 'if-none-match'), tag)) return reply.code(304).send();

    const head = request.method === 'HEAD';
    try {
      if (evaluation.kind === 'ignore') {
        reply.code(200).type(info.contentType).header('content-length', info.size);
        return reply.send(head ? undefined : await openChecked(storage, key, info));
      }
      const { ranges } = evaluation;
      if (ranges.length === 1) {
        const range = ranges[0] as SatisfiedRange;
        reply.code(206).type(info.contentType).header('content-range', contentRange(range, info.size)).header('content-length', range.end - range.start + 1);
        return reply.send(head ? undefined : await openChecked(storage, key, info, range));
      }
      // The first part is opened here, so a file replaced before any byte is sent is retried cleanly.
      const first = head ? undefined : await openChecked(storage, key, info, ranges[0]);
      const body = multipartByteranges(ranges, info.size, info.contentType, async (range) =>
        range === ranges[0] && first ? first : openChecked(storage, key, info, range),
      );
      reply.code(206).header('content-type', body.contentType).header('content-length', body.length);
      if (head) body.stream.destroy();
      return reply.send(head ? undefined : body.stream);
    } catch (error) {
      if (error instanceof ObjectChanged && attempt === 0) return serve(request, reply, 1);
      throw error;
    }
  }

  app.route<{ Params: FeedParams }>({
    method: ['GET', 'HEAD'],
    url: FEED_ROUTE,
    exposeHeadRoute: false,
    schema: {
      params: {
        type: 'object',
        properties: { channel: { type: 'string' }, file: { type: 'string' } },
        required: ['channel', 'file'],
      },
    },
    handler: (request, reply) => serve(request, reply, 0),
  });

  app.addHook('onResponse', async (request: FastifyRequest, reply) => {
    if (request.routeOptions.url !== FEED_ROUTE) return;
    const { channel, file } = request.params as FeedParams;
    const labels = { channel: channels.includes(channel) ? channel : 'unknown', kind: fileKind(file) };
    metrics.requests.inc({ ...labels, status: String(reply.statusCode) });
    const length = Number(reply.getHeader('content-length'));
    if (request.method === 'GET' && (reply.statusCode === 200 || reply.statusCode === 206) && Number.isFinite(length)) {
      metrics.bytesSent.inc(labels, length);
    }
  });
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
