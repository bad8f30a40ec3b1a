// A reporting service on a throw-away database of the real PostgreSQL and a private key prefix of
// the real S3 server (s3rver) started by scripts/test-services.sh, built with server/common's
// build() and inject()-tested, with a local SMTP server (npm smtp-server) that keeps every message
// it receives. The portfolio's tables come from the portfolio's own migration folder (by path: a
// service never imports another); test/support/portfolio-ledger.ts fills them, and the real
// portfolio service, started as a child process on the same database
// (server/portfolio/test/support/serve-portfolio.ts), serves them to reporting over HTTP with its
// service token. The gateway is not mounted: a root-level module attaches `request.principal`
// from an `x-test-principal` header.
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import {
  S3ObjectStorage,
  build,
  startChild,
  commonMigrations,
  createTestDeps,
  defineService,
  migrateService,
  type CoreDeps,
  type ObjectStorage,
} from '@kestrel/server-common';
import { reportingService } from '../../src/app.js';
import { ReportingConfigSchema } from '../../src/config.js';

const PORTFOLIO_MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../portfolio/migrations');
const SERVE_PORTFOLIO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../portfolio/test/support/serve-portfolio.ts');
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const PORTFOLIO_TOKEN = `reporting-test-${randomBytes(16).toString('hex')}`;

const ROLE_PERMISSIONS: Record<string, string[]> = {
  viewer: ['self:read', 'trading:read'],
  trader: ['self:read', 'trading:read', 'trading:write'],
  risk: ['self:read', 'trading:read', 'risk:read', 'risk:write', 'audit:read'],
};

/** A caller identity for requests. */
export interface TestUser {
  id: string;
  role: keyof typeof ROLE_PERMISSIONS;
}

/** Fails (never skips) without the test services. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run \`bash scripts/test-services.sh start && eval "$(bash scripts/test-services.sh env)"\` first (docs/testing.md)`);
  }
  return value;
}

const principalFromHeader = defineService({
  name: 'test-principal',
  encapsulate: false,
  async plugin(app) {
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request) => {
      const header = request.headers['x-test-principal'];
      if (typeof header !== 'string') return;
      const user = JSON.parse(header) as TestUser;
      (request as unknown as { principal: unknown }).principal = { userId: user.id, role: user.role, kind: 'session', scopes: ['read', 'trade'], permissions: new Set(ROLE_PERMISSIONS[user.role]) };
    });
  },
});

/** An inject() response. */
export interface TestResponse {
  statusCode: number;
  body: string;
  rawPayload: Buffer;
  headers: Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary fields
  json(): any;
}

/** A running reporting service and helpers. */
export interface Harness {
  app: FastifyInstance;
  deps: CoreDeps;
  pool: pg.Pool;
  storage: ObjectStorage;
  /** Messages the local SMTP server received, parsed. */
  mails: ParsedMail[];
  user(role?: TestUser['role']): TestUser;
  call(method: string, url: string, options?: { as?: TestUser; body?: unknown }): Promise<TestResponse>;
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
  const base = requireEnv('KESTREL_TEST_DATABASE_URL');
  const s3 = {
    endpoint: requireEnv('KESTREL_TEST_S3_ENDPOINT'),
    bucket: requireEnv('KESTREL_TEST_S3_BUCKET'),
    accessKeyId: requireEnv('KESTREL_TEST_S3_ACCESS_KEY'),
    secretAccessKey: requireEnv('KESTREL_TEST_S3_SECRET_KEY'),
  };
  const name = `kestrel_reporting_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;

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

  await migrateTables(url.toString());
  const portfolio = startChild(['--import', 'tsx', SERVE_PORTFOLIO], {
    cwd: REPO_ROOT,
    env: { KESTREL_TEST_PORTFOLIO_DATABASE_URL: url.toString(), KESTREL_PORTFOLIO_SERVICE_TOKEN: PORTFOLIO_TOKEN },
  });
  const [, portfolioUrl] = await portfolio.waitFor(/portfolio listening on (\S+)/, 60_000);

  const { deps } = createTestDeps({
    databaseUrl: url.toString(),
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
  const app = await build({ deps, modules: [principalFromHeader, reportingService] });
  await app.ready();

  return {
    app,
    deps,
    pool: deps.db,
    storage,
    mails,
    user: (role = 'trader') => ({ id: randomUUID(), role }),
    async call(method, path, callOptions = {}) {
      const headers: Record<string, string> = {};
      if (callOptions.as) headers['x-test-principal'] = JSON.stringify(callOptions.as);
      const response = await app.inject({
        method: method as 'GET',
        url: path,
        headers,
        ...(callOptions.body === undefined ? {} : { payload: callOptions.body as object }),
      });
      return { statusCode: response.statusCode, body: response.body, rawPayload: response.rawPayload, headers: response.headers, json: () => response.json() };
    },
    async close() {
      await app.close();
      await deps.lifecycle.close(10_000);
      portfolio.process.kill('SIGTERM');
      await portfolio.exited;
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      await client.end();
    },
  };
}
