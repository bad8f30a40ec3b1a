// Entry point of `kestrel-admin` (bin/kestrel-admin.js). Parses the command line, builds the real
// parts (process runner, machine probe, compose project, database and storage access from .env)
// and runs one command. Exit codes: 0 ok, 1 failure (one line `kestrel-admin: CODE: message`, then
// the remedy), 2 findings (status/doctor found problems), 64 bad usage.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createBackup, fetchBackup, parseLocation, restoreBackup, verifyRestore } from './backup.js';
import { Compose, type ComposeProject } from './compose.js';
import { ComposeDatabase, DirectDatabase, type DatabaseTools } from './database-tools.js';
import { readEnvFile } from './env-file.js';
import { AdminError } from './errors.js';
import { install } from './install.js';
import { readConsumerLag } from './kafka-lag.js';
import { ObjectStore, type S3Location } from './object-store.js';
import { machineProbe } from './prerequisites.js';
import { publishUpdates } from './publish.js';
import { processRunner } from './runner.js';
import { JOBS, STACK_SERVICES } from './stack.js';
import { certificateFinding, containerFindings, diskFinding, lagFindings, parseConsumerGroups, probeReady, type Finding } from './status.js';
import { upgrade } from './upgrade.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The text of `kestrel-admin --help`. */
export const HELP = `Usage: kestrel-admin <command> [options]

Commands (docs/self-hosting.md):
  install   [--server-name host] [--admin-email a@b] [--cert f --key f] [--monitoring] [--skip-checks] [--no-pull]
  upgrade   --to <version> [--backup-dir dir]
  backup    [--to <dir | s3://bucket/prefix>]
  restore   --from <dir | s3://bucket/prefix/kestrel-backup-...> [--verify]
  status    [--url name=http://host:port ...]
  doctor    [--kafka-brokers host:port,...]  (status plus certificate, disk and Kafka lag, with remedies)
  updates publish --dir <electron-builder output> --channel <stable|beta>

Common options:
  --dir <path>             installation directory holding docker-compose.yml and .env (default: the repository)
  --database-url <url>     use this PostgreSQL (and local pg_dump/pg_restore) instead of the compose container
  --s3-endpoint <url>      object storage for backup/restore/publish (default http://127.0.0.1:\${MINIO_PORT:-9000})
`;

function project(dir: string): ComposeProject {
  return { dir, file: path.join(dir, 'docker-compose.yml'), envFile: path.join(dir, '.env'), project: 'kestrel' };
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      dir: { type: 'string' },
      'server-name': { type: 'string' },
      'admin-email': { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      monitoring: { type: 'boolean' },
      'skip-checks': { type: 'boolean' },
      'no-pull': { type: 'boolean' },
      to: { type: 'string' },
      from: { type: 'string' },
      verify: { type: 'boolean' },
      'backup-dir': { type: 'string' },
      'database-url': { type: 'string' },
      's3-endpoint': { type: 'string' },
      url: { type: 'string', multiple: true },
      channel: { type: 'string' },
      'kafka-brokers': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub] = positionals;
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const dir = path.resolve(values.dir ?? REPO_ROOT);
  const stack = project(dir);
  const env = readEnvFile(stack.envFile).values;
  const compose = new Compose(stack, processRunner);
  const database = (): DatabaseTools => (values['database-url'] ? new DirectDatabase(values['database-url'], processRunner) : new ComposeDatabase(compose));
  const s3 = (bucket?: string): S3Location => ({
    endpoint: values['s3-endpoint'] ?? `http://127.0.0.1:${env.get('MINIO_PORT') ?? '9000'}`,
    bucket: bucket ?? env.get('KESTREL_S3_BUCKET') ?? 'kestrel',
    accessKeyId: env.get('MINIO_ROOT_USER') ?? process.env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.get('MINIO_ROOT_PASSWORD') ?? process.env.AWS_SECRET_ACCESS_KEY,
  });
  const objects = () => new ObjectStore(s3());
  const version = env.get('KESTREL_VERSION') ?? (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  switch (command) {
    case 'install': {
      const result = await install({
        project: stack,
        runner: processRunner,
        probe: machineProbe(processRunner),
        serverName: values['server-name'] ?? env.get('KESTREL_SERVER_NAME') ?? 'localhost',
        adminEmail: values['admin-email'] ?? env.get('KESTREL_ADMIN_EMAIL') ?? 'admin@localhost.localdomain',
        version,
        skipChecks: values['skip-checks'],
        pull: !values['no-pull'],
        monitoring: values.monitoring,
        importCert: values.cert,
        importKey: values.key,
        log,
      });
      log(result.admin.oneTimePassword ? `First admin: ${result.admin.email}, one-time password: ${result.admin.oneTimePassword} (change it at first login)` : `Admin: ${result.admin.email} (already created earlier)`);
      log(`Kestrel is running at ${result.url}`);
      return 0;
    }
    case 'upgrade': {
      if (!values.to) throw new AdminError('ADMIN_USAGE', 'upgrade needs --to <version>');
      const result = await upgrade({ project: stack, runner: processRunner, database: database(), objects: objects(), backupDir: path.resolve(values['backup-dir'] ?? path.join(dir, 'backups')), targetVersion: values.to, log });
      log(`upgraded ${result.previousVersion} -> ${result.version}; backup kept at ${result.backup.location}`);
      return 0;
    }
    case 'backup': {
      const target = parseLocation(values.to ?? path.join(dir, 'backups'));
      const store = objects();
      const destination = target.kind === 'folder' ? target : { kind: 's3' as const, store: new ObjectStore(s3(target.bucket)), prefix: target.prefix };
      const result = await createBackup({ database: database(), objects: store, destination, kestrelVersion: version, log });
      log(`backup written to ${result.location} (${Object.keys(result.manifest.database.tables).length} tables, ${result.manifest.objects.length} objects)`);
      return 0;
    }
    case 'restore': {
      if (!values.from) throw new AdminError('ADMIN_USAGE', 'restore needs --from <backup>');
      const source = parseLocation(values.from);
      const folder = source.kind === 'folder' ? source.dir : await fetchBackup(new ObjectStore(s3(source.bucket)), source.prefix);
      if (values.verify) {
        const verified = await verifyRestore(folder, database());
        log(`backup verified: restores ${verified.tables} tables with their recorded rows and checksums; ${verified.objects} objects match`);
        return 0;
      }
      if (!values['database-url']) await compose.run(['stop', ...STACK_SERVICES.map((service) => service.name)]);
      await restoreBackup({ dir: folder, database: database(), objects: objects(), log });
      if (!values['database-url']) await compose.up();
      log('restore complete');
      return 0;
    }
    case 'status':
    case 'doctor': {
      const findings: Finding[] = [];
      if (values.url?.length) {
        for (const entry of values.url) {
          const [name, url] = entry.includes('=') ? (entry.split(/=(.*)/s) as [string, string]) : [entry, entry];
          findings.push(await probeReady(name, url));
        }
      } else {
        findings.push(...containerFindings(await compose.ps(), JOBS));
      }
      if (command === 'doctor') {
        findings.push(certificateFinding(path.resolve(dir, env.get('KESTREL_TLS_DIR') ?? './tls', 'tls.crt')));
        findings.push(diskFinding(dir));
        if (values['kafka-brokers']) {
          findings.push(...lagFindings(await readConsumerLag(values['kafka-brokers'].split(','))));
        } else if (!values.url?.length) {
          const groups = await compose.run(['exec', '-T', 'kafka', '/opt/kafka/bin/kafka-consumer-groups.sh', '--bootstrap-server', 'localhost:9092', '--describe', '--all-groups']).catch(() => undefined);
          if (groups) findings.push(...lagFindings(parseConsumerGroups(groups.stdout)));
          else findings.push({ area: 'kafka lag', ok: false, detail: 'could not read consumer groups', remedy: 'docker compose logs kafka' });
        }
      }
      log(`Kestrel ${version} in ${dir}`);
      for (const finding of findings) log(`${finding.ok ? 'ok  ' : 'FAIL'} ${finding.area}: ${finding.detail}${finding.ok || !finding.remedy ? '' : `\n     -> ${finding.remedy}`}`);
      return findings.every((finding) => finding.ok) ? 0 : 2;
    }
    case 'updates': {
      if (sub !== 'publish' || !values.dir || !values.channel) throw new AdminError('ADMIN_USAGE', 'usage: kestrel-admin updates publish --dir <folder> --channel <stable|beta>');
      const keys = await publishUpdates({ dir: path.resolve(values.dir), channel: values.channel, store: objects(), prefix: env.get('KESTREL_UPDATES_PREFIX') ?? 'updates', log });
      log(`published ${keys.length} files to channel ${values.channel}`);
      return 0;
    }
    default:
      throw new AdminError('ADMIN_USAGE', `unknown command "${command}"`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof AdminError) {
    process.stderr.write(`kestrel-admin: ${error.code}: ${error.message}\n${error.remedy ? `  -> ${error.remedy}\n` : ''}`);
    process.exitCode = error.code === 'ADMIN_USAGE' ? 64 : 1;
  } else if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`kestrel-admin: ${(error as Error).message}\nRun \`kestrel-admin --help\` for usage.\n`);
    process.exitCode = 64;
  } else {
    process.stderr.write(`kestrel-admin: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
