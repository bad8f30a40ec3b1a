// Serves the real portfolio service over HTTP on 127.0.0.1 (a free port) for other services'
// integration tests, which must not import it (services never import each other) and start this
// file as a child process instead (e.g. server/reporting/test/support/harness.ts). The database
// must already hold the portfolio's tables. Environment: KESTREL_TEST_PORTFOLIO_DATABASE_URL and
// KESTREL_PORTFOLIO_SERVICE_TOKEN. Prints `portfolio listening on <url>` when ready; stops on
// SIGTERM/SIGINT, and by itself after 30 minutes so a crashed test never leaves it behind.
import { build, createTestDeps } from '@kestrel/server-common';
import { portfolioService } from '../../src/app.js';
import { PortfolioConfigSchema } from '../../src/config.js';

const LIFETIME_MS = 30 * 60_000;
const databaseUrl = process.env['KESTREL_TEST_PORTFOLIO_DATABASE_URL'];
const token = process.env['KESTREL_PORTFOLIO_SERVICE_TOKEN'];
if (!databaseUrl || !token) throw new Error('KESTREL_TEST_PORTFOLIO_DATABASE_URL and KESTREL_PORTFOLIO_SERVICE_TOKEN are required');

const { deps } = createTestDeps({ databaseUrl, sections: [{ name: 'portfolio', schema: PortfolioConfigSchema }], env: { KESTREL_PORTFOLIO_SERVICE_TOKEN: token }, logLevel: 'warn' });
const app = await build({ deps, modules: [portfolioService] });
const url = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`portfolio listening on ${url}`);

async function stop(): Promise<void> {
  await app.close();
  await deps.lifecycle.close(5_000);
  process.exit(0);
}
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
setTimeout(() => void stop(), LIFETIME_MS).unref();
