// POST /v1/internal/market-data/events: the ingest sink over HTTP, for sources that run in
// another process (the simulation venue in the suite shape). Guarded by the service token or an
// admin credential; the gateway only verifies a credential when one is sent (auth: 'optional'),
// because service calls carry the token instead. All-rejected batches answer 422 so a caller
// cannot mistake "nothing stored" for success; partial rejections answer 200 with the list.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireServiceCaller } from '../access.js';
import type { MarketDataContext } from '../context.js';
import { marketError } from '../errors.js';
import { IngestBody, IngestResponse } from './schemas.js';

/** Largest internal ingest body: 10 000 events of a few hundred bytes, or fewer large books. */
const INGEST_BODY_LIMIT = 16 * 1024 * 1024;

/** Registers the internal ingest route. */
export async function internalRoutes(app: FastifyInstance, context: MarketDataContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { sink, config } = context;

  api.post(
    '/v1/internal/market-data/events',
    {
      config: { auth: 'optional', internal: true },
      bodyLimit: INGEST_BODY_LIMIT,
      onRequest: async (request) => requireServiceCaller(request, config.serviceToken),
      schema: { tags: ['market-data-internal'], summary: 'Ingest normalised market events (the sink over HTTP)', body: IngestBody, response: { 200: IngestResponse } },
    },
    async (request) => {
      const result = await sink.ingest(request.body.events);
      if (result.accepted === 0) throw marketError('MARKET_EVENT_INVALID', 'Every event was rejected', { rejected: result.rejected });
      return result;
    },
  );
}
