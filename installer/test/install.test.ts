// `kestrel-admin install` end to end except the Docker engine (there is none here): real files,
// real secrets and certificate generation, real pre-flight probes of this machine; `docker` is a
// recording fake that answers like a healthy stack. A second install keeps every secret.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { checkCertificatePair, ensureCertificate } from '../src/certificates.js';
import { readEnvFile } from '../src/env-file.js';
import { findOneTimePassword, install } from '../src/install.js';
import { checkPrerequisites, compareVersions, machineProbe, portIsFree, type MachineProbe } from '../src/prerequisites.js';
import { ensureSecrets, SECRET_GENERATORS } from '../src/secrets.js';
import { DATA_SERVICES, JOBS, STACK_SERVICES } from '../src/stack.js';
import { FakeDockerRunner, healthyPs } from './support/fake-runner.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-admin-install-test-'));
  dirs.push(dir);
  return dir;
};
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const allServices = [...STACK_SERVICES.map((service) => service.name), ...DATA_SERVICES, 'nginx'];
const goodProbe: MachineProbe = {
  cpus: () => 4,
  memoryBytes: () => 8 * 1024 ** 3,
  freeDiskBytes: () => 100 * 1024 ** 3,
  dockerVersion: async () => '27.3.1',
  composeVersion: async () => '2.29.7',
  portFree: async () => true,
};

function stackRunner(authLog: () => string) {
  return new FakeDockerRunner((args) => {
    if (args.includes('ps')) return healthyPs(allServices, JOBS);
    if (args.includes('logs')) return { code: 0, stdout: authLog(), stderr: '' };
    return undefined;
  });
}

describe('secrets', () => {
  it('generates every secret once and never overwrites one', () => {
    const envFile = path.join(tempDir(), '.env');
    const first = ensureSecrets(envFile);
    assert.deepEqual(first.created.sort(), Object.keys(SECRET_GENERATORS).sort());
    const values = readEnvFile(envFile).values;
    assert.equal(Buffer.from(values.get('KESTREL_AUTH_KEY_ENCRYPTION_KEY')!, 'base64').length, 32);
    assert.equal(values.get('KAFKA_CLUSTER_ID')!.length, 22);
    assert.equal(statSync(envFile).mode & 0o777, 0o600);
    const second = ensureSecrets(envFile);
    assert.deepEqual(second.created, []);
    assert.deepEqual(readEnvFile(envFile).values, values);
  });
});

describe('certificates', () => {
  it('generates a self-signed certificate for the server name, then keeps it', async () => {
    const tlsDir = tempDir();
    const generated = await ensureCertificate({ tlsDir, serverName: 'kestrel.example.com' });
    assert.equal(generated.outcome, 'generated');
    assert.ok(generated.info.selfSigned);
    assert.match(generated.info.subjectAltName, /DNS:kestrel\.example\.com/);
    assert.ok(generated.info.daysLeft >= 800);
    const cert = readFileSync(path.join(tlsDir, 'tls.crt'));
    assert.ok(new X509Certificate(cert).checkHost('kestrel.example.com'));
    assert.equal(statSync(path.join(tlsDir, 'tls.key')).mode & 0o777, 0o600);
    const again = await ensureCertificate({ tlsDir, serverName: 'kestrel.example.com' });
    assert.equal(again.outcome, 'kept');
    assert.deepEqual(readFileSync(path.join(tlsDir, 'tls.crt')), cert);
  });

  it('imports a matching pair and refuses a key of another certificate or an expired one', async () => {
    const a = tempDir();
    const b = tempDir();
    await ensureCertificate({ tlsDir: a, serverName: 'a.example.com' });
    await ensureCertificate({ tlsDir: b, serverName: 'b.example.com' });
    const target = tempDir();
    const imported = await ensureCertificate({ tlsDir: target, serverName: 'x', importCert: path.join(a, 'tls.crt'), importKey: path.join(a, 'tls.key') });
    assert.equal(imported.outcome, 'imported');
    await assert.rejects(ensureCertificate({ tlsDir: target, serverName: 'x', importCert: path.join(a, 'tls.crt'), importKey: path.join(b, 'tls.key') }), {
      code: 'ADMIN_CERTIFICATE_INVALID',
      message: /does not belong/,
    });
    const future = new Date(Date.now() + 900 * 86_400_000);
    assert.throws(() => checkCertificatePair(readFileSync(path.join(a, 'tls.crt')), readFileSync(path.join(a, 'tls.key')), future), { code: 'ADMIN_CERTIFICATE_INVALID', message: /expired/ });
  });
});

describe('prerequisites', () => {
  it('compares versions numerically', () => {
    assert.equal(compareVersions('2.29.7', '2.20.0'), 1);
    assert.equal(compareVersions('2.3', '2.20.0'), -1);
    assert.equal(compareVersions('v24.0.0-ce', '24.0.0'), 0);
  });

  it('judges this machine with the real probe (Docker answered by the fake)', async () => {
    const runner = new FakeDockerRunner((args) =>
      args[0] === 'version' ? { code: 0, stdout: '27.3.1\n', stderr: '' } : { code: 0, stdout: 'v2.29.7\n', stderr: '' },
    );
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const busy = (blocker.address() as { port: number }).port;
    try {
      assert.equal(await portIsFree(busy), false);
      const results = await checkPrerequisites(machineProbe(runner), os.tmpdir(), { cpus: 1, memoryBytes: 1024, diskBytes: 1024, docker: '24.0.0', compose: '2.20.0', ports: [busy] });
      const byName = Object.fromEntries(results.map((result) => [result.name, result]));
      assert.equal(byName['CPU']!.found, `${os.availableParallelism()} cores`);
      assert.ok(byName['CPU']!.ok && byName['memory']!.ok && byName['disk']!.ok);
      assert.equal(byName['Docker']!.found, '27.3.1');
      assert.equal(byName['Docker Compose']!.found, '2.29.7');
      assert.equal(byName[`port ${busy}`]!.ok, false);
      assert.match(byName[`port ${busy}`]!.remedy!, /Stop what listens/);
    } finally {
      blocker.close();
    }
  });

  it('explains each unmet requirement and stops the install before it changes anything', async () => {
    const dir = tempDir();
    const project = { dir, file: path.join(dir, 'docker-compose.yml'), envFile: path.join(dir, '.env'), project: 'kestrel' };
    const runner = stackRunner(() => '');
    const weak: MachineProbe = { ...goodProbe, cpus: () => 1, dockerVersion: async () => undefined, composeVersion: async () => '1.29.2' };
    await assert.rejects(install({ project, runner, probe: weak, serverName: 'localhost', adminEmail: 'admin@example.com', version: '1.0.0' }), (error: Error & { code?: string; remedy?: string }) => {
      assert.equal(error.code, 'ADMIN_PREREQUISITES');
      assert.match(error.message, /CPU: 1 cores/);
      assert.match(error.message, /Docker: not found/);
      assert.match(error.message, /Docker Compose: 1\.29\.2/);
      assert.match(error.remedy!, /docker-compose 1\.x is not supported/);
      return true;
    });
    assert.deepEqual(runner.composeCalls(), []);
    assert.throws(() => statSync(project.envFile), /ENOENT/);
  });
});

describe('install', () => {
  it('writes .env and the certificate, starts the stack, waits for health and reports the first admin', async () => {
    const dir = tempDir();
    const project = { dir, file: path.join(dir, 'docker-compose.yml'), envFile: path.join(dir, '.env'), project: 'kestrel' };
    let authLog = 'Kestrel admin admin@example.com one-time password: Xq9-one-time\n';
    const runner = stackRunner(() => authLog);
    const options = { project, runner, probe: goodProbe, serverName: 'kestrel.example.com', adminEmail: 'admin@example.com', version: '1.0.0', healthIntervalMs: 1 };
    const first = await install(options);
    assert.equal(first.url, 'https://kestrel.example.com');
    assert.deepEqual(first.admin, { email: 'admin@example.com', oneTimePassword: 'Xq9-one-time' });
    assert.equal(first.certificate, 'generated');
    assert.deepEqual(runner.composeCalls(), [
      ['pull', '--quiet', '--ignore-buildable'],
      ['up', '--detach', '--remove-orphans'],
      ['ps', '--all', '--format', 'json'],
      ['logs', '--no-color', '--no-log-prefix', 'auth'],
    ]);
    const env = readEnvFile(project.envFile).values;
    assert.equal(env.get('KESTREL_VERSION'), '1.0.0');
    assert.equal(env.get('KESTREL_ADMIN_EMAIL'), 'admin@example.com');

    authLog = '';
    const second = await install({ ...options, version: '9.9.9', monitoring: true });
    assert.deepEqual(second.secrets.created, [], 'no secret is regenerated');
    assert.equal(second.certificate, 'kept');
    assert.deepEqual(second.admin, { email: 'admin@example.com' }, 'the admin already exists');
    const after = readEnvFile(project.envFile).values;
    for (const key of Object.keys(SECRET_GENERATORS)) assert.equal(after.get(key), env.get(key), key);
    assert.equal(after.get('KESTREL_VERSION'), '1.0.0', 'install never changes the version; upgrade does');
    assert.deepEqual(runner.composeCalls().at(-3), ['--profile', 'monitoring', 'up', '--detach', '--remove-orphans']);
  });

  it('fails with the straggler named when the stack does not become healthy, and when a job fails', async () => {
    const dir = tempDir();
    const project = { dir, file: path.join(dir, 'docker-compose.yml'), envFile: path.join(dir, '.env'), project: 'kestrel' };
    const unhealthy = new FakeDockerRunner((args) => {
      if (!args.includes('ps')) return undefined;
      const ps = healthyPs(allServices, JOBS).stdout.replace('"Service":"auth","Name":"kestrel-auth-1","State":"running","Health":"healthy"', '"Service":"auth","Name":"kestrel-auth-1","State":"running","Health":"starting"');
      return { code: 0, stdout: ps, stderr: '' };
    });
    const base = { project, probe: goodProbe, serverName: 'localhost', adminEmail: 'a@example.com', version: '1', healthTimeoutMs: 30, healthIntervalMs: 5 };
    await assert.rejects(install({ ...base, runner: unhealthy }), { code: 'ADMIN_UNHEALTHY', message: /auth \(starting\)/ });
    const failedJob = new FakeDockerRunner((args) =>
      args.includes('ps') ? { code: 0, stdout: healthyPs(allServices, []).stdout + '\n' + JSON.stringify({ Service: 'migrate', State: 'exited', ExitCode: 3 }), stderr: '' } : undefined,
    );
    await assert.rejects(install({ ...base, runner: failedJob }), { code: 'ADMIN_UNHEALTHY', message: /migrate failed \(exit 3\)/ });
  });

  it('reads only the one-time password printed for the configured email', () => {
    const log = '{"level":40,"msg":"created the first admin"}\nKestrel admin a.b@example.com one-time password: p4ss\n';
    assert.equal(findOneTimePassword(log, 'a.b@example.com'), 'p4ss');
    assert.equal(findOneTimePassword(log, 'aXb@example.com'), undefined);
  });
});
