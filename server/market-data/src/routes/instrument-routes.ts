// Instruments: everyone authenticated reads them (GET /v1/market-data/instruments); admins
// create, replace and delete them under /v1/admin/market-data/instruments. Changes reach the
// sink's cache at once (this process) and other processes through its reload.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { InstrumentSchema } from '@kestrel/shared';
import { requireCaller } from '../access.js';
import type { MarketDataContext } from '../context.js';
import { SERIES_TABLES } from '../domain/series-tables.js';
import { marketError } from '../errors.js';
import { createInstrument, deleteInstrument, listInstruments, updateInstrument } from '../store/instruments-store.js';
import { InstrumentBody, InstrumentListQuery, InstrumentListResponse, SymbolParams } from './schemas.js';

const TAGS = ['market-data'];
const ADMIN_TAGS = ['market-data-admin'];

/** Registers the instrument routes. */
export async function instrumentRoutes(app: FastifyInstance, context: MarketDataContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db, instruments } = context;

  api.get(
    '/v1/market-data/instruments',
    {
      config: { permission: 'trading:read' },
      schema: { tags: TAGS, summary: 'Instruments (optionally one symbol or one status)', querystring: InstrumentListQuery, response: { 200: InstrumentListResponse } },
    },
    async (request) => {
      requireCaller(request, 'trading:read');
      return { instruments: await listInstruments(db, request.query) };
    },
  );

  api.post(
    '/v1/admin/market-data/instruments',
    {
      config: { permission: 'system:admin' },
      schema: { tags: ADMIN_TAGS, summary: 'Define an instrument', body: InstrumentBody, response: { 201: InstrumentSchema } },
    },
    async (request, reply) => {
      requireCaller(request, 'system:admin');
      const instrument = await createInstrument(db, request.body);
      instruments.set(instrument);
      request.log.info({ symbol: instrument.symbol }, 'instrument created');
      return reply.code(201).send(instrument);
    },
  );

  api.put(
    '/v1/admin/market-data/instruments/:symbol',
    {
      config: { permission: 'system:admin' },
      schema: { tags: ADMIN_TAGS, summary: "Replace an instrument's definition", params: SymbolParams, body: InstrumentBody, response: { 200: InstrumentSchema } },
    },
    async (request) => {
      requireCaller(request, 'system:admin');
      if (request.body.symbol !== request.params.symbol) {
        throw marketError('MARKET_INSTRUMENT_INVALID', 'The body symbol must equal the path symbol (a symbol cannot be renamed)');
      }
      const instrument = await updateInstrument(db, request.body);
      instruments.set(instrument);
      request.log.info({ symbol: instrument.symbol }, 'instrument updated');
      return instrument;
    },
  );

  api.delete(
    '/v1/admin/market-data/instruments/:symbol',
    {
      config: { permission: 'system:admin' },
      schema: { tags: ADMIN_TAGS, summary: 'Delete an instrument without stored data', params: SymbolParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      requireCaller(request, 'system:admin');
      await deleteInstrument(db, request.params.symbol, SERIES_TABLES.map((table) => table.name));
      instruments.remove(request.params.symbol);
      request.log.info({ symbol: request.params.symbol }, 'instrument deleted');
      return reply.code(204).send(null);
    },
  );
}
