// What one `orders.commands` submit costs the execution service in PostgreSQL statements,
// transactions and CPU (docs/benchmarks.md): N resting limit orders over ACCOUNTS accounts, first
// sent one at a time (each handled before the next is published), then published at once as a
// backlog, keyed by account as the order service keys them (the bus hands each partition's backlog
// over together). Every
// statement any pooled connection of this process sends while a phase runs is counted
// (countStatements: pg.Client's query wrapped in this process), grouped by its text; CPU is this process's (engine included)
// plus the PostgreSQL backends of the test database (/proc, so PostgreSQL must run on this
// machine). Prints numbers; asserts nothing.
// Run: eval "$(bash scripts/test-services.sh env)" && node --import tsx server/execution/test/command-statements.bench.ts
// Env: N (500), ACCOUNTS (20).
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { countStatements, cpuBetween, cpuSnapshot, createEnvelope, postgresDurability } from '@kestrel/server-common';
import type { OrderCommandPayload } from '@kestrel/shared';
import { ExecutionHarness, STOCK, order } from './support/harness.js';

const N = Number(process.env.N ?? 500);
const ACCOUNTS = Number(process.env.ACCOUNTS ?? 20);

const statements = countStatements();

async function handled(harness: ExecutionHarness, ids: readonly string[]): Promise<void> {
  for (;;) {
    const { rows } = await harness.deps.db.query<{ n: string }>('SELECT count(*) AS n FROM execution_commands WHERE command_id = ANY($1::uuid[])', [ids]);
    if (Number(rows[0]!.n) === ids.length) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const harness = await ExecutionHarness.start();
try {
  const database = (await harness.deps.db.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name;
  const accounts = Array.from({ length: ACCOUNTS }, () => randomUUID());
  let serial = 0;
  const submit = (): OrderCommandPayload => {
    serial += 1;
    return { kind: 'submit', commandId: randomUUID(), order: order({ accountId: accounts[serial % ACCOUNTS]!, side: 'buy', quantityLots: 1, limitPriceTicks: 1_000 + (serial % 50) }), instrument: STOCK };
  };
  const key = (command: OrderCommandPayload) => (command.kind === 'submit' ? command.order.accountId : 'risk');
  // Warm up: symbol and accounts allocated, statements prepared.
  for (let i = 0; i < 20; i += 1) await harness.send(submit(), 'warm');

  console.log(`# execution: ${N} resting submits on orders.commands, ${ACCOUNTS} accounts, ${os.cpus().length} cores, load average ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}, PostgreSQL ${(await postgresDurability(harness.deps.db)).text}`);
  for (const phase of ['one at a time', 'backlog'] as const) {
    const commands = Array.from({ length: N }, submit);
    const started = await cpuSnapshot(harness.deps.db, database);
    const clock = performance.now();
    statements.start();
    if (phase === 'one at a time') {
      for (const command of commands) {
        await harness.deps.bus.publish(createEnvelope('orders.commands', key(command), command));
        await handled(harness, [command.commandId]);
      }
    } else {
      await harness.deps.bus.publishBatch(commands.map((command) => createEnvelope('orders.commands', key(command), command)));
      await handled(harness, commands.map((command) => command.commandId));
    }
    const counts = statements.stop();
    const elapsed = performance.now() - clock;
    const { nodeMs: node, postgresMs: postgres } = cpuBetween(started, await cpuSnapshot(harness.deps.db, database));
    // The harness's own "handled yet?" polls are not the service's work.
    const own = (text: string) => text.startsWith('SELECT count(*) AS n FROM execution_commands');
    const service = [...counts].filter(([text]) => !own(text));
    const total = service.reduce((sum, [, n]) => sum + n, 0);
    const transactions = service.filter(([text]) => text.toLowerCase() === 'begin').reduce((sum, [, n]) => sum + n, 0);
    console.log(
      `${phase}: ${(total / N).toFixed(2)} statements and ${(transactions / N).toFixed(3)} transactions per command; ` +
        `CPU per command node ${(node / N).toFixed(3)} ms + PostgreSQL ${(postgres / N).toFixed(3)} ms (includes this bench's polling); ${((N / elapsed) * 1000).toFixed(0)} commands/s`,
    );
    for (const [text, n] of service.sort((a, b) => b[1] - a[1])) console.log(`  ${(n / N).toFixed(3)}  ${text.slice(0, 90)}`);
  }
} finally {
  await harness.close();
}
