// SIGKILL in the middle of a stream of orders: the execution module runs as a child process on a
// real PostgreSQL database and data dir, is killed while crossing orders are being handled, and is
// started again; then every command is re-sent (the order service re-sends what it has not seen
// answered; re-sending everything is a superset). Afterwards every command is handled exactly once,
// no fill is duplicated, each order's stored fill total equals the sum of its fills, both sides of
// every trade are recorded, and the engine's open quantity of every order equals quantity − filled.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, it } from 'node:test';
import pg from 'pg';
import { Engine } from '@kestrel/engine';
import { dropDatabase, requireTestEnv } from '@kestrel/server-common';
import type { OrderCommandPayload } from '@kestrel/shared';
import { STOCK, order } from './support/harness.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'crash-child.ts');
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function startChild(databaseUrl: string, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, CRASH_DATABASE_URL: databaseUrl, CRASH_DATA_DIR: dataDir }, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
  });
}

async function handled(db: pg.Pool): Promise<number> {
  return Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM execution_commands')).rows[0]!.n);
}

it('a SIGKILL mid-stream loses no acknowledged command and duplicates no fill', { timeout: 120_000 }, async () => {
  const baseUrl = requireTestEnv('KESTREL_TEST_DATABASE_URL');
  const database = `kestrel_crash_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-crash-'));
  const db = new pg.Pool({ connectionString: url.toString(), max: 2 });
  cleanups.push(async () => {
    await db.end();
    await dropDatabase(baseUrl, database);
    rmSync(dataDir, { recursive: true, force: true });
  });

  // 400 orders from 4 accounts around one price, so most of them trade.
  const accounts = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const commands: OrderCommandPayload[] = [];
  for (let i = 0; i < 400; i++) {
    const side = i % 2 === 0 ? 'buy' : 'sell';
    const o = order({ accountId: accounts[i % 4]!, side, quantityLots: 1 + (i % 7), limitPriceTicks: 10_000 + (side === 'buy' ? 1 : -1) * (i % 5) });
    commands.push({ kind: 'submit', commandId: randomUUID(), order: o, instrument: STOCK });
  }
  const lines = commands.map((command) => JSON.stringify(command) + '\n').join('');

  let child = await startChild(url.toString(), dataDir);
  // Fed in chunks, at most 40 commands ahead of what is handled, and no more once 120 are: the
  // kill lands while commands are still flowing, however fast a group commit drains a backlog (all
  // 400 at once could be handled before the kill) and however slow the machine is.
  const deadline = Date.now() + 60_000;
  let written = 0;
  for (let done = await handled(db); done < 120 && Date.now() < deadline; done = await handled(db)) {
    if (written - done < 40) {
      const chunk = commands.slice(written, written + 10);
      child.stdin!.write(chunk.map((command) => JSON.stringify(command) + '\n').join(''));
      written += chunk.length;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  const beforeRestart = await handled(db);
  assert.ok(beforeRestart >= 120 && beforeRestart < 400, `killed mid-stream (${beforeRestart} handled)`);

  child = await startChild(url.toString(), dataDir);
  cleanups.push(async () => {
    // A child ended by a signal has no exit code, only a signal code.
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
  child.stdin!.write(lines);
  while ((await handled(db)) < 400 && Date.now() < deadline + 60_000) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(await handled(db), 400);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));

  const fills = (await db.query<{ id: string; order_id: string; journal_sequence: string; engine_sequence: string; quantity: number }>("SELECT id, order_id, journal_sequence, engine_sequence, (execution->>'quantityLots')::int AS quantity FROM execution_fills")).rows;
  assert.ok(fills.length > 100, `${fills.length} fills`);
  assert.equal(new Set(fills.map((f) => f.id)).size, fills.length);
  const bySequence = new Map<string, number>();
  for (const fill of fills) bySequence.set(fill.engine_sequence, (bySequence.get(fill.engine_sequence) ?? 0) + 1);
  assert.deepEqual([...new Set(bySequence.values())], [2], 'both sides of every trade, once each');
  const orders = (await db.query<{ order_id: string; engine_order_id: string; quantity_lots: string; filled_lots: string }>('SELECT order_id, engine_order_id, quantity_lots, filled_lots FROM execution_orders')).rows;
  assert.equal(orders.length, 400);
  const filledByOrder = new Map<string, number>();
  for (const fill of fills) filledByOrder.set(fill.order_id, (filledByOrder.get(fill.order_id) ?? 0) + fill.quantity);
  const engine = Engine.open({ dataDir: path.join(dataDir, 'engine', database, 'main') });
  try {
    for (const row of orders) {
      const filled = filledByOrder.get(row.order_id) ?? 0;
      assert.equal(Number(row.filled_lots), filled);
      assert.ok(filled <= Number(row.quantity_lots));
      const open = engine.findOrder(1, BigInt(row.engine_order_id))?.open ?? 0;
      assert.equal(open, Number(row.quantity_lots) - filled, `order ${row.order_id}: engine open ${open}, stored ${row.quantity_lots} − ${filled}`);
    }
  } finally {
    engine.close();
  }
  const outbox = (await db.query<{ n: string }>("SELECT count(*) AS n FROM outbox WHERE topic = 'orders.executed'")).rows[0]!.n;
  assert.equal(Number(outbox), fills.length, 'one orders.executed per fill');
});
