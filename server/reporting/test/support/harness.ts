// A reporting service on a throw-away database of the real PostgreSQL and a private key prefix of
// the real S3 server (s3rver) started by scripts/test-services.sh, built with server/common's
// build() and inject()-tested, with a local SMTP server (npm smtp-server) that keeps every message
// it receives. The portfolio's tables come from the portfolio's own migration folder (by path: a
// service never imports another); test/support/portfolio-ledger.ts fills them, and the real
// portfolio service, started as a child process on the same database
// (server/portfolio/test/support/serve-portfolio.ts), serves them to reporting over HTTP with its
// service token. The gateway is not mounted: server/common's testPrincipalModule attaches
// `request.principal` from an `x-test-principal` header.
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import {
  S3ObjectStorage,
  build,
  commonMigrations,
  createScratchDatabase,
  createTestDeps,
  migrateService,
  requireTestEnv,
  startChild,
  injectCall,
  testPrincipalModule,
  type CoreDeps,
  type InjectCallOptions,
  type InjectedResponse,
  type ObjectStorage,
  type TestUser,
} from '@kestrel/server-common';
import { reportingService } from '../../src/app.js';
import { ReportingConfigSchema } from '../../src/config.js';

const PORTFOLIO_MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../portfolio/migrations');
const SERVE_PORTFOLIO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../portfolio/test/support/serve-portfolio.ts');
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const PORTFOLIO_TOKEN = `reporting-test-${randomBytes(16).toString('hex')}`;

export type { TestUser };

/** An inject() response with its raw bytes and headers (downloads). */
export type TestResponse = InjectedResponse;

/** A running reporting service and helpers. */
export interface Harness {
  app: FastifyInstance;
  deps: CoreDeps;
  pool: pg.Pool;
  storage: ObjectStorage;
  /** Messages the local SMTP server received, parsed. */
  mails: ParsedMail[];
  user(role?: TestUser['role']): TestUser;
  call(method: string, url: string, options?: Pick<InjectCallOptions, 'as' | 'body'>): Promise<TestResponse>;
  close(): Promise<void>;
}

/** Options of startHarness. */
export interface HarnessOptions {
  /** KESTREL_REPORTING_* overrides. */
  env?: Record<string, string>;
  /** False: no SMTP server is configured (e-mail delivery unavailable). Default true. */
  smtp?: boolean;
}

/** Runs the common, portfolio and reporting migrations on the database at `databaseUrl`. */
async function migrateTables(databaseUrl: string): Promise<void> {
  const { deps } = createTestDeps({ databaseUrl, logLevel: 'warn' });
  await migrateService(commonMigrations, { pool: deps.db, logger: deps.logger });
  await migrateService({ name: 'portfolio', migrationsDir: PORTFOLIO_MIGRATIONS }, { pool: deps.db, logger: deps.logger });
  await migrateService({ name: reportingService.name, migrationsDir: reportingService.migrationsDir! }, { pool: deps.db, logger: deps.logger });
  await deps.lifecycle.close(10_000);
}

/** Creates a database, migrates it, starts the portfolio and the SMTP server and builds the app. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const s3 = {
    endpoint: requireTestEnv('KESTREL_TEST_S3_ENDPOINT'),
    bucket: requireTestEnv('KESTREL_TEST_S3_BUCKET'),
    accessKeyId: requireTestEnv('KESTREL_TEST_S3_ACCESS_KEY'),
    secretAccessKey: requireTestEnv('KESTREL_TEST_S3_SECRET_KEY'),
  };
  const database = await createScratchDatabase('reporting');

  const mails: ParsedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as { port: number }).port;

  await migrateTables(database.url);
  const portfolio = startChild(['--import', 'tsx', SERVE_PORTFOLIO], {
    cwd: REPO_ROOT,
    env: { KESTREL_TEST_PORTFOLIO_DATABASE_URL: database.url, KESTREL_PORTFOLIO_SERVICE_TOKEN: PORTFOLIO_TOKEN },
  });
  const [, portfolioUrl] = await portfolio.waitFor(/portfolio listening on (\S+)/, 60_000);

  const { deps } = createTestDeps({
    databaseUrl: database.url,
    sections: [{ name: 'reporting', schema: ReportingConfigSchema }],
    env: {
      ...(options.smtp === false ? {} : { KESTREL_REPORTING_SMTP_HOST: '127.0.0.1', KESTREL_REPORTING_SMTP_PORT: String(smtpPort) }),
      KESTREL_REPORTING_MAIL_FROM: 'reports@kestrel.test',
      KESTREL_REPORTING_PORTFOLIO_URL: portfolioUrl!,
      KESTREL_REPORTING_PORTFOLIO_SERVICE_TOKEN: PORTFOLIO_TOKEN,
      ...options.env,
    },
    logLevel: 'warn',
  });
  const storage = new S3ObjectStorage({ ...s3, forcePathStyle: true, keyPrefix: `reporting-test-${randomBytes(6).toString('hex')}/` });
  deps.storage = storage;
  const app = await build({ deps, modules: [testPrincipalModule, reportingService] });
  await app.ready();

  return {
    app,
    deps,
    pool: deps.db,
    storage,
    mails,
    user: (role = 'trader') => ({ id: randomUUID(), role }),
    call: (method, path, callOptions) => injectCall(app, method, path, callOptions),
    async close() {
      await app.close();
      await deps.lifecycle.close(10_000);
      portfolio.process.kill('SIGTERM');
      await portfolio.exited;
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await database.drop();
    },
  };
}
