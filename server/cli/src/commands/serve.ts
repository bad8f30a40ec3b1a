// `kestrel serve`: the whole server in one process (with --all, the embedded default) or a
// chosen subset of services. Prints `Kestrel is running at <url>` once it accepts requests;
// the process then lives until SIGINT/SIGTERM (handled by the lifecycle set up in prepare).
import { startServer } from '@kestrel/server-common';
import { ensureDatabase, type Prepared } from '../prepare.js';

/** Starts serving; resolves once listening and returns the base URL. */
export async function serve(prepared: Prepared): Promise<string> {
  const config = await ensureDatabase(prepared);
  const { url } = await startServer({ config, modules: prepared.modules, logger: prepared.logger, lifecycle: prepared.lifecycle });
  prepared.logger.info({ url, services: prepared.modules.map((module) => module.name) }, 'Kestrel is running');
  process.stdout.write(`Kestrel is running at ${url}\n`);
  return url;
}
