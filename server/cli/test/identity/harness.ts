// Test harness for the identity end-to-end tests: the real service registry (gateway, auth, user,
// and whatever is registered later) mounted on a fresh PostgreSQL database, exactly as
// `kestrel serve --all` mounts it, driven with inject().
// Invariants: every harness gets its own database (created here, dropped in close()), so test
// files run in parallel without seeing each other's users, locks or audit rows.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { build, createRuntime, dropDatabase, loadConfig, migrateAll, migrationTargets, type CoreDeps } from '@kestrel/server-common';
import { createAdmin } from '@kestrel/server-auth';
import { SERVICES } from '../../src/services.js';

/** A KESTREL_TEST_* variable, or an error saying how to start the test services. */
export function requireTestEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run \`bash scripts/test-services.sh start && eval "$(bash scripts/test-services.sh env)"\` first`);
  return value;
}

/** A running app on its own database. */
export interface Harness {
  app: FastifyInstance;
  deps: CoreDeps;
  close(): Promise<void>;
  /** Sends a request; `token` becomes a Bearer Authorization header. */
  call(method: string, url: string, options?: { token?: string; body?: unknown; headers?: Record<string, string>; ip?: string }): Promise<LightMyRequestResponse>;
  /** Creates an account with the given role (through the admin API) and logs it in. */
  user(role: 'admin' | 'risk' | 'trader' | 'viewer', email?: string): Promise<TestUser>;
  admin: TestUser;
}

/** A logged-in test account. */
export interface TestUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

/** Starts the registry on a new database; `env` adds/overrides KESTREL_* settings. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const baseUrl = requireTestEnv('KESTREL_TEST_DATABASE_URL');
  const database = `kestrel_identity_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  const { config } = loadConfig({
    env: { KESTREL_DATABASE_URL: url.toString(), KESTREL_LOG_LEVEL: 'silent', ...env },
    sections: SERVICES.flatMap((module) => (module.config ? [{ name: module.name, schema: module.config }] : [])),
  });
  const deps = await createRuntime({ config, processName: 'kestrel-identity-test' });
  // server/common's tables (the outbox) first, as `kestrel migrate` and `kestrel serve` do.
  await migrateAll(migrationTargets(SERVICES), { pool: deps.db, logger: deps.logger });
  const app = await build({ deps, modules: SERVICES });
  await app.ready();

  const call: Harness['call'] = (method, path, options = {}) =>
    app.inject({
      method: method as 'GET',
      url: path,
      remoteAddress: options.ip ?? '127.0.0.1',
      headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
      ...(options.body === undefined ? {} : { payload: options.body as object }),
    });

  const login = async (email: string, password: string): Promise<{ accessToken: string; refreshToken: string }> => {
    const response = await call('POST', '/v1/auth/login', { body: { email, password } });
    if (response.statusCode !== 200) throw new Error(`login of ${email} failed: ${response.body}`);
    return response.json();
  };

  const adminEmail = `admin-${randomUUID().slice(0, 8)}@example.com`;
  const adminPassword = 'kestrel admin test passphrase';
  const created = await createAdmin(deps.db, adminEmail, adminPassword);
  const adminUser: TestUser = { id: created.user.id, email: adminEmail, password: adminPassword, ...(await login(adminEmail, adminPassword)) };

  return {
    app,
    deps,
    admin: adminUser,
    call,
    async user(role, email = `${role}-${randomUUID().slice(0, 8)}@example.com`) {
      const password = `pass phrase for ${email}`;
      const response = await call('POST', '/v1/admin/users', { token: adminUser.accessToken, body: { email, role, password } });
      if (response.statusCode !== 201) throw new Error(`creating ${email} failed: ${response.body}`);
      return { id: response.json().user.id, email, password, ...(await login(email, password)) };
    },
    async close() {
      await app.close();
      await deps.lifecycle.close(10_000);
      await dropDatabase(baseUrl, database);
    },
  };
}
