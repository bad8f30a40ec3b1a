// Admin view and control of storage and feeds: the layout and its partitions, a maintenance run
// on demand (roll up queued bars, create partitions ahead, drop expired ones — the same work the
// background jobs do on their timers), and the state of each running feed adapter.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireCaller } from '../access.js';
import type { MarketDataContext } from '../context.js';
import { SERIES_TABLES } from '../domain/series-tables.js';
import { AdaptersResponse, MaintenanceResponse, StorageResponse } from './schemas.js';

const TAGS = ['market-data-admin'];

/** Registers the storage admin routes. */
export async function storageRoutes(app: FastifyInstance, context: MarketDataContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { partitions, jobs, layout, adapters } = context;

  api.get(
    '/v1/admin/market-data/storage',
    { config: { permission: 'system:admin' }, schema: { tags: TAGS, summary: 'Storage layout and native partitions', response: { 200: StorageResponse } } },
    async (request) => {
      requireCaller(request, 'system:admin');
      await partitions.load();
      return {
        layout,
        timescaleAvailable: context.timescaleAvailable,
        tables: SERIES_TABLES.map((table) => ({
          name: table.name,
          partitions: partitions.existing(table).map((range) => ({ name: range.name, from: new Date(range.startMs).toISOString(), to: new Date(range.endMs).toISOString() })),
        })),
      };
    },
  );

  api.post(
    '/v1/admin/market-data/maintenance',
    { config: { permission: 'system:admin' }, schema: { tags: TAGS, summary: 'Roll up queued bars, then run storage maintenance, now', response: { 200: MaintenanceResponse } } },
    async (request) => {
      requireCaller(request, 'system:admin');
      // Roll up first, so queued trades become bars before retention may drop their partitions.
      const materialisedRanges = await jobs.materialiseNow();
      const report = await jobs.maintainNow();
      request.log.info({ ...report, materialisedRanges }, 'market-data maintenance run');
      return { layout, ...report, materialisedRanges };
    },
  );

  api.get(
    '/v1/admin/market-data/adapters',
    { config: { permission: 'system:admin' }, schema: { tags: TAGS, summary: 'State of each running feed adapter (connection, per-symbol feed state, counters)', response: { 200: AdaptersResponse } } },
    async (request) => {
      requireCaller(request, 'system:admin');
      return { adapters: adapters.adapters.map((adapter) => adapter.status()) };
    },
  );
}
