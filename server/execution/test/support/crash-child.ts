// Child process of the crash test: the execution module on the given database and data dir,
// publishing every JSON command line read from stdin on its in-process orders.commands topic.
// Prints "ready" once consuming. The parent SIGKILLs it mid-stream and starts it again.
import readline from 'node:readline';
import { build, createEnvelope, createTestDeps, migrateAll, migrationTargets, type ServiceModule } from '@kestrel/server-common';
import type { OrderCommandPayload } from '@kestrel/shared';
import { createExecutionService, ExecutionConfigSchema } from '../../src/index.js';

const module = createExecutionService() as unknown as ServiceModule;
const { deps } = createTestDeps({
  databaseUrl: process.env.CRASH_DATABASE_URL!,
  env: { KESTREL_DATA_DIR: process.env.CRASH_DATA_DIR!, KESTREL_EXECUTION_SIMULATION: 'off' },
  sections: [{ name: 'execution', schema: ExecutionConfigSchema }],
  logLevel: 'warn',
});
await migrateAll(migrationTargets([module]), { pool: deps.db, logger: deps.logger });
const app = await build({ deps, modules: [module] });
await app.ready();
process.stdout.write('ready\n');
for await (const line of readline.createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const command = JSON.parse(line) as OrderCommandPayload;
  const key = 'accountId' in command && command.accountId ? command.accountId : command.kind === 'submit' ? command.order.accountId : 'risk';
  await deps.bus.publish(createEnvelope('orders.commands', key, command));
}
