// Admin imports: OHLCV CSV (a text/csv body with symbol and interval in the query, or JSON with
// the CSV inline or an object-storage key) and LOBSTER days (JSON with both files inline or as
// object-storage keys). Each import is one transaction: a bad row answers MARKET_IMPORT_INVALID
// with the line number and nothing is written. Bodies may be up to importMaxBytes.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import { requireCaller } from '../access.js';
import type { MarketDataContext } from '../context.js';
import { marketError } from '../errors.js';
import { readImportText } from '../imports/import-source.js';
import { importLobster } from '../imports/lobster-importer.js';
import { importOhlcv } from '../imports/ohlcv-importer.js';
import { requireInstrument } from '../store/instruments-store.js';
import { microsToIso } from '../store/sql-values.js';
import { LobsterImportBody, LobsterImportResponse, OhlcvImportBody, OhlcvImportQuery, OhlcvImportResponse, type OhlcvImportJson } from './schemas.js';

const TAGS = ['market-data-admin'];

/** Registers the import routes (and the text/csv body parser of this service's context). */
export async function importRoutes(app: FastifyInstance, context: MarketDataContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db, layout, partitions, config, storage } = context;
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: config.importMaxBytes }, (_request, body, done) => done(null, body));

  api.post(
    '/v1/admin/market-data/imports/ohlcv',
    {
      config: { permission: 'system:admin' },
      bodyLimit: config.importMaxBytes,
      schema: {
        tags: TAGS,
        summary: 'Import OHLCV bars from CSV (text/csv body, or JSON with csv or objectKey); all or nothing',
        querystring: OhlcvImportQuery,
        body: OhlcvImportBody,
        response: { 201: OhlcvImportResponse },
      },
    },
    async (request, reply) => {
      requireCaller(request, 'system:admin');
      const body = request.body as string | Static<typeof OhlcvImportJson> | undefined;
      if (body === undefined || body === null) {
        throw marketError('MARKET_IMPORT_SOURCE_MISSING', 'Send the CSV as a text/csv body, or JSON with `csv` or `objectKey`');
      }
      let symbol: string | undefined;
      let interval;
      let text: string;
      let utcOffsetMinutes: number | undefined;
      let columns: readonly string[] | undefined;
      if (typeof body === 'string') {
        ({ symbol, interval, utcOffsetMinutes } = request.query);
        text = body;
      } else {
        ({ symbol, interval, utcOffsetMinutes, columns } = body);
        text = await readImportText(storage, { inline: body.csv, objectKey: body.objectKey }, 'CSV');
      }
      if (symbol === undefined || interval === undefined) throw marketError('MARKET_INVALID_RANGE', 'A CSV body needs `symbol` and `interval` in the query');
      const instrument = await requireInstrument(db, symbol);
      const result = await importOhlcv(db, layout, partitions, { instrument, interval, text, utcOffsetMinutes, columns });
      request.log.info({ symbol, interval, bars: result.bars }, 'OHLCV imported');
      return reply.code(201).send({
        symbol: result.symbol,
        interval: result.interval,
        bars: result.bars,
        from: microsToIso(result.fromMicros),
        to: microsToIso(result.toMicros),
        rolledUp: result.rolledUp,
      });
    },
  );

  api.post(
    '/v1/admin/market-data/imports/lobster',
    {
      config: { permission: 'system:admin' },
      bodyLimit: config.importMaxBytes,
      schema: {
        tags: TAGS,
        summary: 'Import a LOBSTER day (message + orderbook files) into trades and book tables; all or nothing',
        body: LobsterImportBody,
        response: { 201: LobsterImportResponse },
      },
    },
    async (request, reply) => {
      requireCaller(request, 'system:admin');
      const body = request.body;
      const instrument = await requireInstrument(db, body.symbol);
      const messages = await readImportText(storage, { inline: body.messages, objectKey: body.messagesKey }, 'message file');
      const orderbook = await readImportText(storage, { inline: body.orderbook, objectKey: body.orderbookKey }, 'orderbook file');
      const result = await importLobster(db, layout, partitions, {
        instrument,
        day: body.day,
        timeZone: body.timeZone ?? 'America/New_York',
        messages,
        orderbook,
        offTickTrades: body.offTickTrades ?? 'reject',
        bookSnapshotEvery: config.bookSnapshotEvery,
      });
      request.log.info({ symbol: body.symbol, day: body.day, trades: result.trades }, 'LOBSTER day imported');
      const { fromMicros, toMicros, ...counts } = result;
      return reply.code(201).send({ ...counts, from: microsToIso(fromMicros), to: microsToIso(toMicros) });
    },
  );
}
