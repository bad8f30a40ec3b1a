// startServer against real PostgreSQL: server/common's migrations run, and an event a service
// writes to the outbox in its transaction reaches the event bus through the relay startServer runs.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EventEnvelope } from '@kestrel/shared';
import { createEnvelope } from '../src/bus/envelope.js';
import { loadConfig } from '../src/config/load.js';
import { withTransaction } from '../src/db/transaction.js';
import { Lifecycle } from '../src/lifecycle/lifecycle.js';
import { createLogger } from '../src/log/logger.js';
import { enqueue } from '../src/outbox/enqueue.js';
import { startServer } from '../src/runtime/start-server.js';
import { defineService } from '../src/service.js';
import { LogCapture } from '../src/testing/test-deps.js';
import { createTempDatabase, type TempDatabase } from './temp-database.js';

describe('startServer', () => {
  let database: TempDatabase;
  let dataDir: string;

  before(async () => {
    database = await createTempDatabase();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-start-'));
  });
  after(async () => {
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('relays events enqueued in a service transaction to the bus', async () => {
    const { config } = loadConfig({ env: { KESTREL_DATABASE_URL: database.url, KESTREL_HTTP_PORT: '0', KESTREL_DATA_DIR: dataDir } });
    const logger = createLogger({ destination: new LogCapture().stream });
    const lifecycle = new Lifecycle(logger);
    const probe = defineService({
      name: 'probe',
      async plugin(app, deps) {
        app.post('/v1/probe/orders', async () => {
          const event = createEnvelope('orders.created', 'account-7', { quantityLots: 5 });
          await withTransaction(deps.db, (client) => enqueue(client, event));
          return { id: event.id };
        });
      },
    });
    const { url, deps } = await startServer({ config, modules: [probe], logger, lifecycle });
    try {
      const received: EventEnvelope[] = [];
      const subscription = await deps.bus.subscribe('orders.created', 'start-server-test', async (event) => {
        received.push(event);
      });
      const response = await fetch(`${url}/v1/probe/orders`, { method: 'POST' });
      assert.equal(response.status, 200);
      const { id } = (await response.json()) as { id: string };
      // Through the outbox relay: 60 s, as a loaded CI machine may hold the relay back for seconds.
      const deadline = Date.now() + 60_000;
      while (!received.some((event) => event.id === id) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(received.map((event) => [event.id, event.key, event.payload]), [[id, 'account-7', { quantityLots: 5 }]]);
      await subscription.close();
      const { rows } = await deps.db.query('select name from kestrel_migrations_common');
      assert.ok(rows.length >= 1, 'server/common migrations ran');
    } finally {
      assert.deepEqual(await lifecycle.close(10_000), { clean: true, failed: [] });
    }
  });
});
