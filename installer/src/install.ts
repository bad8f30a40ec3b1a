// `kestrel-admin install`: pre-flight checks, secrets (generated once), the TLS certificate,
// .env, `docker compose up`, wait until healthy, the first admin, the URL. Each step is its own
// function over injected parts (command runner, machine probe, clock), so every step but the
// Docker engine itself runs for real in tests.
// Invariants: running install again is safe: secrets, certificate and settings already in .env are
// kept; the first admin is created by the auth service itself (KESTREL_AUTH_BOOTSTRAP_ADMIN_EMAIL,
// under an advisory lock, only while no admin exists) and its one-time password is read back from
// the auth container's output, so the installer never touches password hashes.
import path from 'node:path';
import { ensureCertificate, type CertificateOutcome } from './certificates.js';
import { Compose, type ComposeProject } from './compose.js';
import { readEnvFile, writeEnvFile } from './env-file.js';
import { AdminError } from './errors.js';
import { checkPrerequisites, type CheckResult, type MachineProbe, type Requirements } from './prerequisites.js';
import type { CommandRunner } from './runner.js';
import { ensureSecrets, type SecretsOutcome } from './secrets.js';
import { JOBS } from './stack.js';

/** Options of install. */
export interface InstallOptions {
  project: ComposeProject;
  runner: CommandRunner;
  probe: MachineProbe;
  serverName: string;
  adminEmail: string;
  version: string;
  requirements?: Requirements;
  skipChecks?: boolean;
  pull?: boolean;
  monitoring?: boolean;
  importCert?: string;
  importKey?: string;
  healthTimeoutMs?: number;
  healthIntervalMs?: number;
  log?: (line: string) => void;
}

/** What install did. */
export interface InstallResult {
  checks: CheckResult[];
  secrets: SecretsOutcome;
  certificate: CertificateOutcome;
  url: string;
  admin: { email: string; oneTimePassword?: string };
}

/** Fails with every unmet prerequisite and its remedy. */
export function assertPrerequisites(checks: readonly CheckResult[]): void {
  const failed = checks.filter((check) => !check.ok);
  if (failed.length === 0) return;
  throw new AdminError(
    'ADMIN_PREREQUISITES',
    `prerequisites not met:\n${failed.map((check) => `  - ${check.name}: ${check.found}`).join('\n')}`,
    failed.map((check) => check.remedy).join('\n'),
  );
}

/** The one-time password the auth service printed when it created `email`, if it did. */
export function findOneTimePassword(authOutput: string, email: string): string | undefined {
  const escaped = email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^Kestrel admin ${escaped} one-time password: (\\S+)$`, 'm').exec(authOutput);
  return match?.[1];
}

/** The public URL for a server name and HTTPS port. */
export function publicUrl(serverName: string, httpsPort: string | undefined): string {
  return httpsPort && httpsPort !== '443' ? `https://${serverName}:${httpsPort}` : `https://${serverName}`;
}

/** Installs (or re-applies) the stack. */
export async function install(options: InstallOptions): Promise<InstallResult> {
  const log = options.log ?? (() => {});
  const { project } = options;

  const checks = options.skipChecks ? [] : await checkPrerequisites(options.probe, project.dir, options.requirements);
  for (const check of checks) log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.found}`);
  assertPrerequisites(checks);

  const secrets = ensureSecrets(project.envFile);
  log(secrets.created.length > 0 ? `generated secrets: ${secrets.created.join(', ')}` : 'secrets: kept the existing ones');

  const env = readEnvFile(project.envFile);
  const settings: Record<string, string> = {};
  const setDefault = (key: string, value: string) => {
    if (!env.values.get(key)) settings[key] = value;
  };
  setDefault('KESTREL_VERSION', options.version);
  setDefault('KESTREL_SERVER_NAME', options.serverName);
  setDefault('KESTREL_PUBLIC_URL', publicUrl(options.serverName, env.values.get('KESTREL_HTTPS_PORT')));
  setDefault('KESTREL_TLS_DIR', './tls');
  setDefault('KESTREL_ADMIN_EMAIL', options.adminEmail);
  const current = Object.keys(settings).length > 0 ? writeEnvFile(project.envFile, env, settings) : env;
  const value = (key: string) => current.values.get(key) as string;

  const tlsDir = path.resolve(project.dir, value('KESTREL_TLS_DIR'));
  const certificate = await ensureCertificate({ tlsDir, serverName: value('KESTREL_SERVER_NAME'), importCert: options.importCert, importKey: options.importKey });
  log(`TLS certificate ${certificate.outcome}: ${certificate.info.subjectAltName}, valid until ${certificate.info.validTo.toISOString().slice(0, 10)}${certificate.info.selfSigned ? ' (self-signed)' : ''}`);

  const compose = new Compose(project, options.runner);
  const profiles = options.monitoring ? ['monitoring'] : [];
  if (options.pull !== false) {
    log(`pulling images (version ${value('KESTREL_VERSION')})`);
    await compose.pull();
  }
  log('starting the stack');
  await compose.up(profiles);
  await compose.waitHealthy({ timeoutMs: options.healthTimeoutMs ?? 600_000, intervalMs: options.healthIntervalMs, jobs: JOBS });
  log('every service is healthy');

  const email = value('KESTREL_ADMIN_EMAIL');
  const oneTimePassword = findOneTimePassword(await compose.logs('auth'), email);
  const url = value('KESTREL_PUBLIC_URL');
  return { checks, secrets, certificate: certificate.outcome, url, admin: oneTimePassword ? { email, oneTimePassword } : { email } };
}
