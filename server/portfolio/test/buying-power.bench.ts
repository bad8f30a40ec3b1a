// The buying-power check alone (checkBuyingPowers on real PostgreSQL, no HTTP): CPU of this process
// and of the database's backends, and wall time, per check and per batch — batches of 1 (an idle
// order service sends each order's check alone) and of 10 (a busy one groups them). Then the
// valuation of one account alone (loadAccountState on the pool: what an account view reads, and a
// fill booking inside its transaction). 20 funded accounts, each holding a position (so positions,
// lots, instruments and marks are all read).
// Prints numbers; asserts nothing.
// Run: eval "$(bash scripts/test-services.sh env)" && node --import tsx server/portfolio/test/buying-power.bench.ts
// Env: BATCHES (2000), ACCOUNTS (20).
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { cpuBetween, cpuSnapshot, postgresDurability } from '@kestrel/server-common';
import type { BuyingPowerCheckRequest } from '@kestrel/shared';
import { loadAccountState } from '../src/services/account-state.js';
import { checkBuyingPowers } from '../src/services/buying-power.js';
import { findAccount } from '../src/store/accounts-store.js';
import { deliver, executedEvent, fundedAccount, instrumentDefinition } from './support/fixtures.js';
import { SERVICE_TOKEN, startHarness } from './support/harness.js';

const BATCHES = Number(process.env.BATCHES ?? 2000);
const ACCOUNTS = Number(process.env.ACCOUNTS ?? 20);

const h = await startHarness();
try {
  await h.call('PUT', '/v1/internal/instruments', { token: SERVICE_TOKEN, body: { instruments: [instrumentDefinition()] } });
  await h.call('PUT', '/v1/internal/marks', { token: SERVICE_TOKEN, body: { marks: [{ symbol: 'GOOG', priceTicks: 10_000, asOf: new Date().toISOString() }] } });
  const accounts: string[] = [];
  for (let i = 0; i < ACCOUNTS; i += 1) {
    const owner = h.user('trader');
    const account = await fundedAccount(h, owner, 1_000_000_000_000);
    await deliver(h.pool, executedEvent({ accountId: account, side: 'buy', quantityLots: 10, priceTicks: 10_000 }));
    accounts.push(account);
  }
  const database = (await h.pool.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name;
  let n = 0;
  const check = (): BuyingPowerCheckRequest => ({ orderId: randomUUID(), accountId: accounts[n++ % ACCOUNTS]!, symbol: 'GOOG', side: 'buy', quantityLots: 1, priceTicks: 9_000 });
  console.log(`# checkBuyingPowers, ${ACCOUNTS} accounts each holding a position, ${os.cpus().length} cores, load average ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}, PostgreSQL ${(await postgresDurability(h.pool)).text}`);
  for (const size of [1, 10]) {
    const batches = size === 1 ? BATCHES : Math.ceil(BATCHES / 5);
    for (let i = 0; i < 100; i += 1) await checkBuyingPowers(h.pool, Array.from({ length: size }, check));
    const before = await cpuSnapshot(h.pool, database);
    const started = performance.now();
    for (let i = 0; i < batches; i += 1) {
      const outcomes = await checkBuyingPowers(h.pool, Array.from({ length: size }, check));
      if (outcomes.some((outcome) => 'error' in outcome || !outcome.result.approved)) throw new Error('a check was refused');
    }
    const wallMs = performance.now() - started;
    const { nodeMs, postgresMs } = cpuBetween(before, await cpuSnapshot(h.pool, database));
    const checks = batches * size;
    console.log(
      `batches of ${size}: ${batches} batches, per batch ${((wallMs / batches) * 1000).toFixed(0)} µs wall; per check node ${((nodeMs / checks) * 1000).toFixed(0)} µs + PostgreSQL ${((postgresMs / checks) * 1000).toFixed(0)} µs`,
    );
  }
  const records = await Promise.all(accounts.map(async (id) => (await findAccount(h.pool, id))!));
  for (let i = 0; i < 100; i += 1) await loadAccountState(h.pool, records[i % ACCOUNTS]!);
  const before = await cpuSnapshot(h.pool, database);
  const started = performance.now();
  for (let i = 0; i < BATCHES; i += 1) await loadAccountState(h.pool, records[i % ACCOUNTS]!);
  const wallMs = performance.now() - started;
  const { nodeMs, postgresMs } = cpuBetween(before, await cpuSnapshot(h.pool, database));
  console.log(
    `one account's valuation: ${BATCHES} calls, per call ${((wallMs / BATCHES) * 1000).toFixed(0)} µs wall, node ${((nodeMs / BATCHES) * 1000).toFixed(0)} µs + PostgreSQL ${((postgresMs / BATCHES) * 1000).toFixed(0)} µs`,
  );
} finally {
  await h.close();
}
