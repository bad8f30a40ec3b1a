// End to end, the way a user runs the product: `kestrel serve --all` as a child process against
// REAL PostgreSQL, Redis (channels, rate limits) and Kafka (the durable bus), with the simulation
// venue on, so the market is the engine's own output. A trader logs in over HTTP, opens the
// /v1/stream WebSocket with the JWT, subscribes to AAPL quotes and to their own orders and
// positions, waits for a simulated quote, submits a LIMIT buy above the best offer, and sees the
// fill on the order stream and the position on the position stream (gap-free sequence numbers);
// then the execution is read from PostgreSQL directly and found on `orders.executed` in Kafka.
// Nothing here pushes instruments or liquidity: the instruments come from the market-data
// service over instruments.updated, the liquidity from the simulation's agents.
// Isolation: its own database, data dir, Kafka topic/group prefix and Redis channel prefix, so it
// runs next to other tests on the shared services (scripts/test-services.sh).
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Admin, Consumer, stringDeserializer } from '@platformatic/kafka';
import pg from 'pg';
import WebSocket from 'ws';
import { dropDatabase, startChild, type Child } from '@kestrel/server-common';
import { createAdmin } from '@kestrel/server-auth';
import { jsonClient, type JsonClient } from '../support/json-client.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/kestrel.js', import.meta.url));
const STARTED = /Kestrel is running at (http:\/\/127\.0\.0\.1:\d+)/;
const SYMBOL = 'AAPL';

/** A KESTREL_TEST_* variable, or an error saying how to start the test services. */
function requireTestEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run \`bash scripts/test-services.sh start && eval "$(bash scripts/test-services.sh env)"\` first`);
  return value;
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type Frame = { type: string; id?: string; seq?: number; data?: unknown; error?: string; receivedAt: number; [key: string]: unknown };

describe('trading flow through kestrel serve --all on PostgreSQL, Redis and Kafka', () => {
  const namespace = `e2e${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const topicPrefix = `${namespace}.`;
  const brokers = requireTestEnv('KESTREL_TEST_KAFKA_BROKERS').split(',');
  const baseDatabaseUrl = requireTestEnv('KESTREL_TEST_DATABASE_URL');
  const redisUrl = requireTestEnv('KESTREL_TEST_REDIS_URL');
  let dataDir: string;
  let child: Child;
  let url: string;
  let http: JsonClient;
  let db: pg.Pool;
  let startedAt: number;

  before(async () => {
    const admin = new pg.Client({ connectionString: baseDatabaseUrl });
    await admin.connect();
    await admin.query(`create database ${namespace}`);
    await admin.end();
    const databaseUrl = new URL(baseDatabaseUrl);
    databaseUrl.pathname = `/${namespace}`;
    db = new pg.Pool({ connectionString: databaseUrl.toString(), max: 2 });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-trading-e2e-'));
    child = startChild([bin, 'serve', '--all'], {
      cwd: repoRoot,
      env: {
        KESTREL_DATA_DIR: dataDir,
        KESTREL_HTTP_PORT: '0',
        KESTREL_LOG_LEVEL: 'warn',
        KESTREL_DATABASE_URL: databaseUrl.toString(),
        KESTREL_REDIS_URL: redisUrl,
        KESTREL_REDIS_CHANNEL_PREFIX: `${namespace}:`,
        KESTREL_KAFKA_BROKERS: brokers.join(','),
        KESTREL_KAFKA_TOPIC_PREFIX: topicPrefix,
        // With Kafka configured the simulation is off by default (`auto`); on, it trades in this process.
        KESTREL_EXECUTION_SIMULATION: 'on',
        KESTREL_PORTFOLIO_SERVICE_TOKEN: randomBytes(32).toString('hex'),
        KESTREL_MARKET_DATA_SERVICE_TOKEN: randomBytes(32).toString('hex'),
        // Default rate limits: the simulation's ingest calls carry the service token and must not
        // be throttled as anonymous traffic (checked at the end: quotes still flow after the
        // anonymous budget of one minute would have run out).
      },
    });
    url = (await child.waitFor(STARTED, 180_000))[1]!;
    http = jsonClient(url);
    startedAt = Date.now();
  });

  after(async () => {
    if (child && child.process.exitCode === null) child.process.kill('SIGKILL');
    await db?.end();
    await dropDatabase(baseDatabaseUrl, namespace);
    const kafka = new Admin({ clientId: `${namespace}-cleanup`, bootstrapBrokers: brokers });
    try {
      const topics = (await kafka.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
      if (topics.length > 0) await kafka.deleteTopics({ topics });
      // The server's groups carry the prefix; the verifier's group is `${namespace}-verifier`.
      const groups = [...(await kafka.listGroups()).keys()].filter((group) => group.startsWith(namespace));
      if (groups.length > 0) await kafka.deleteGroups({ groups });
    } finally {
      await kafka.close();
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('login, stream subscribe, crossing limit order, order and position on the stream, execution in PostgreSQL and on orders.executed', async () => {
    // An admin (as `kestrel admin create` makes one) creates the trader; the trader logs in.
    const adminEmail = `admin-${namespace}@example.com`;
    const adminPassword = 'trading e2e admin passphrase';
    await createAdmin(db, adminEmail, adminPassword);
    const adminToken = await http.login(adminEmail, adminPassword);
    const traderEmail = `trader-${namespace}@example.com`;
    const traderPassword = 'trading e2e trader passphrase';
    const created = await http.call('POST', '/v1/admin/users', { email: traderEmail, role: 'trader', password: traderPassword }, adminToken);
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const traderId = (created.json.user as { id: string }).id;
    const token = await http.login(traderEmail, traderPassword);

    const opened = await http.call('POST', '/v1/accounts', { name: 'e2e', currency: 'USD', type: 'cash' }, token);
    assert.equal(opened.status, 201, JSON.stringify(opened.json));
    const accountId = opened.json.id as string;
    const deposit = await http.call('POST', `/v1/accounts/${accountId}/deposits`, { amountMinor: 100_000_000, reference: `e2e-${namespace}` }, adminToken);
    assert.equal(deposit.status, 201, JSON.stringify(deposit.json));

    // The stream, authenticated with the JWT on the upgrade.
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/stream`, { headers: { authorization: `Bearer ${token}` } });
    const frames: Frame[] = [];
    socket.on('message', (data) => frames.push({ ...(JSON.parse(data.toString()) as Frame), receivedAt: Date.now() }));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: HTTP ${response.statusCode}`)));
      socket.once('error', reject);
    });
    try {
      for (const subscription of [
        { id: 'quotes', channel: 'quotes', symbol: SYMBOL },
        { id: 'orders', channel: 'orders', accountId },
        { id: 'positions', channel: 'positions', accountId },
      ]) {
        socket.send(JSON.stringify({ type: 'subscribe', ...subscription }));
        const snapshot = await until(() => frames.find((frame) => frame.id === subscription.id && (frame.type === 'snapshot' || frame.type === 'error')), 60_000, () => `the ${subscription.id} snapshot`);
        assert.equal(snapshot.type, 'snapshot', JSON.stringify(snapshot));
        assert.equal(snapshot.seq, 0);
      }

      // A live simulated offer (a delta, not the snapshot: the market is moving now).
      type Quote = { kind: string; symbol: string; ask: { priceTicks: number; quantityLots: number } | null };
      const quote = await until(
        () => {
          const deltas = frames.filter((frame) => frame.id === 'quotes' && frame.type === 'delta' && (frame.data as Quote).kind === 'quote' && (frame.data as Quote).ask !== null);
          return deltas.at(-1)?.data as Quote | undefined;
        },
        60_000,
        () => `a quote with an offer for ${SYMBOL} (frames: ${JSON.stringify(frames.slice(-5))})`,
      );
      assert.equal(quote.symbol, SYMBOL);
      const bestOffer = quote.ask!.priceTicks;

      // The instrument reaches the order service and the portfolio over instruments.updated; an
      // order placed before would be rejected ORDER_INSTRUMENT_UNKNOWN / PORTFOLIO_INSTRUMENT_UNKNOWN.
      await until(
        async () => {
          const order = await db.query('SELECT 1 FROM order_instruments WHERE symbol = $1', [SYMBOL]);
          const portfolio = await db.query('SELECT 1 FROM portfolio_instruments WHERE symbol = $1', [SYMBOL]);
          return order.rowCount === 1 && portfolio.rowCount === 1 ? true : undefined;
        },
        60_000,
        () => `${SYMBOL} to reach the order service and the portfolio`,
      );

      // A buy limit 1% above the best offer crosses it (fills at the resting prices at or below it).
      const limitPriceTicks = bestOffer + Math.max(1, Math.round(bestOffer / 100));
      const placed = await http.call(
        'POST',
        '/v1/orders',
        { clientOrderId: `e2e-${namespace}`, accountId, symbol: SYMBOL, side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots: 1, limitPriceTicks },
        token,
      );
      assert.ok(placed.status === 201 || placed.status === 202, JSON.stringify(placed.json));
      assert.notEqual(placed.json.status, 'rejected', JSON.stringify(placed.json));
      const orderId = placed.json.id as string;

      type OrderMessage = { kind: string; accountId: string; ownerUserId: string; order: { id: string; status: string; filledQuantityLots: number } };
      const fill = await until(
        () =>
          frames.find((frame) => {
            const message = frame.data as OrderMessage | undefined;
            return frame.id === 'orders' && frame.type === 'delta' && message?.kind === 'order' && message.order.id === orderId && ['filled', 'partially_filled'].includes(message.order.status);
          }),
        60_000,
        () => `the fill on the orders stream (frames: ${JSON.stringify(frames.filter((frame) => frame.id === 'orders'))}; server warnings: ${child.stdout().split('\n').filter((line) => /"level":(40|50)/.test(line)).slice(-5).join('\n')})`,
      );
      const fillMessage = fill.data as OrderMessage;
      assert.equal(fillMessage.order.status, 'filled', 'one lot against the best offer fills completely');
      assert.equal(fillMessage.accountId, accountId);
      assert.equal(fillMessage.ownerUserId, traderId);

      type PositionMessage = { accountId: string; cause: { orderId: string; executionId: string }; position: { symbol: string; quantityLots: number } };
      const positionFrame = await until(
        () => frames.find((frame) => frame.id === 'positions' && frame.type === 'delta' && (frame.data as PositionMessage).cause.orderId === orderId),
        60_000,
        () => `the position update on the positions stream (frames: ${JSON.stringify(frames.filter((frame) => frame.id === 'positions'))})`,
      );
      const position = positionFrame.data as PositionMessage;
      assert.equal(position.accountId, accountId);
      assert.deepEqual([position.position.symbol, position.position.quantityLots], [SYMBOL, 1]);

      // Sequence numbers: 0 for the snapshot, then 1, 2, 3 ... per subscription without gaps.
      for (const id of ['quotes', 'orders', 'positions']) {
        const seqs = frames.filter((frame) => frame.id === id && (frame.type === 'snapshot' || frame.type === 'delta')).map((frame) => frame.seq);
        assert.deepEqual(seqs, seqs.map((_, index) => index), `gap-free seq on ${id}`);
      }

      // The execution in PostgreSQL: the execution service's record and the order service's copy.
      const { rows: fills } = await db.query<{ id: string; account_id: string; symbol: string; execution: { quantityLots: number; priceTicks: number; venue: string } }>(
        'SELECT id, account_id, symbol, execution FROM execution_fills WHERE order_id = $1',
        [orderId],
      );
      assert.equal(fills.length, 1, 'one fill');
      const execution = fills[0]!;
      assert.deepEqual([execution.account_id, execution.symbol, execution.execution.quantityLots, execution.execution.venue], [accountId, SYMBOL, 1, 'KESTREL']);
      assert.ok(execution.execution.priceTicks <= limitPriceTicks, 'never above the limit');
      assert.equal(position.cause.executionId, execution.id, 'the position update is this execution');
      const copies = await until(
        async () => {
          const { rows } = await db.query<{ id: string }>('SELECT id FROM order_executions WHERE order_id = $1', [orderId]);
          return rows.length > 0 ? rows : undefined;
        },
        60_000,
        () => 'the order service copy of the execution',
      );
      assert.deepEqual(copies.map((row) => row.id), [execution.id]);

      // The execution on orders.executed in Kafka, read with a fresh consumer group from the start.
      const consumer = new Consumer({
        clientId: `${namespace}-verifier`,
        groupId: `${namespace}-verifier`,
        bootstrapBrokers: brokers,
        deserializers: { key: stringDeserializer, value: stringDeserializer, headerKey: stringDeserializer, headerValue: stringDeserializer },
      });
      try {
        const stream = await consumer.consume({ topics: [`${topicPrefix}orders.executed`], mode: 'earliest', autocommit: false, maxWaitTime: 500 });
        // A fresh group's first fetch waits for its join, which a loaded broker may take long over.
        const timer = setTimeout(() => void stream.close(), 60_000);
        let found: { id: string; key: string; headerId: string | undefined; payload: { execution: { id: string; orderId: string; priceTicks: number; quantityLots: number }; order: { status: string } } } | undefined;
        for await (const message of stream) {
          const envelope = JSON.parse(message.value) as NonNullable<typeof found>;
          if (envelope.payload.execution.id === execution.id) {
            found = { ...envelope, key: message.key, headerId: message.headers.get('kestrel-event-id') };
            break;
          }
        }
        clearTimeout(timer);
        await stream.close();
        assert.ok(found, `execution ${execution.id} was not on ${topicPrefix}orders.executed`);
        assert.equal(found.key, accountId, 'keyed by account');
        assert.equal(found.headerId, found.id, 'the kestrel-event-id header is the envelope id');
        assert.deepEqual(
          [found.payload.execution.orderId, found.payload.execution.quantityLots, found.payload.execution.priceTicks, found.payload.order.status],
          [orderId, 1, execution.execution.priceTicks, 'filled'],
        );
      } finally {
        await consumer.close(true);
      }

      // The simulated market is still live after the default anonymous budget (120 requests a
      // minute; the simulation ingests 10 times a second, so it would run out after ~12 s) and
      // before that minute's window could reset: its service token exempts it from the rate limit.
      const live = (frame: Frame) => frame.id === 'quotes' && frame.type === 'delta' && frame.receivedAt > startedAt + 20_000 && frame.receivedAt < startedAt + 55_000;
      await until(() => frames.find(live), Math.max(1_000, startedAt + 55_000 - Date.now()), () => 'a quote 20-55 s after the start (is the simulation ingest rate-limited?)');
    } finally {
      socket.terminate();
    }
  });

  it('shuts down cleanly on SIGINT (Kafka consumers, relay, simulation, engine)', async () => {
    child.process.kill('SIGINT');
    assert.equal(await child.exited, 0, child.stderr().slice(-2000));
  });
});
