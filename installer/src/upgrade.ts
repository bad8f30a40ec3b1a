// `kestrel-admin upgrade --to <version>`: a verified backup first, then the new images, the
// migration job, the services, and a health check; if any step after the backup fails, the
// rollback stops the services, restores the backup (database and objects) and starts the previous
// version again, and the command fails with ADMIN_UPGRADE_ROLLED_BACK naming the step and cause.
// Invariants: nothing changes before the backup is complete and verified; the previous version is
// read from .env before it is changed and written back on rollback; when the rollback itself
// fails the error (ADMIN_ROLLBACK_FAILED) says where the backup is so the operator can restore it.
import { createBackup, restoreBackup, type BackupResult } from './backup.js';
import { Compose, type ComposeProject } from './compose.js';
import type { DatabaseTools } from './database-tools.js';
import { readEnvFile, writeEnvFile } from './env-file.js';
import { AdminError } from './errors.js';
import type { ObjectStore } from './object-store.js';
import type { CommandRunner } from './runner.js';
import { JOBS, STACK_SERVICES } from './stack.js';

/** Options of upgrade. */
export interface UpgradeOptions {
  project: ComposeProject;
  runner: CommandRunner;
  database: DatabaseTools;
  objects?: ObjectStore;
  backupDir: string;
  targetVersion: string;
  healthTimeoutMs?: number;
  healthIntervalMs?: number;
  log?: (line: string) => void;
}

/** What a successful upgrade did. */
export interface UpgradeResult {
  previousVersion: string;
  version: string;
  backup: BackupResult;
}

/** Upgrades the stack, rolling back on failure. */
export async function upgrade(options: UpgradeOptions): Promise<UpgradeResult> {
  const log = options.log ?? (() => {});
  const compose = new Compose(options.project, options.runner);
  const envFile = options.project.envFile;
  const previousVersion = readEnvFile(envFile).values.get('KESTREL_VERSION');
  if (!previousVersion) throw new AdminError('ADMIN_CONFIG', `${envFile} has no KESTREL_VERSION`, 'run `kestrel-admin install` first');
  if (previousVersion === options.targetVersion) throw new AdminError('ADMIN_USAGE', `already at version ${previousVersion}`);

  log(`backing up before upgrading ${previousVersion} -> ${options.targetVersion}`);
  const backup = await createBackup({
    database: options.database,
    objects: options.objects,
    destination: { kind: 'folder', dir: options.backupDir },
    kestrelVersion: previousVersion,
    log,
  });
  log(`backup verified: ${backup.location}`);

  const setVersion = (version: string) => writeEnvFile(envFile, readEnvFile(envFile), { KESTREL_VERSION: version });
  const wait = () => compose.waitHealthy({ timeoutMs: options.healthTimeoutMs ?? 600_000, intervalMs: options.healthIntervalMs, jobs: JOBS });
  let step = 'pull';
  try {
    setVersion(options.targetVersion);
    log(`pulling ${options.targetVersion}`);
    await compose.pull();
    step = 'migrate';
    log('running migrations');
    await compose.runOnce('migrate');
    step = 'start';
    await compose.up();
    step = 'health check';
    await wait();
    log(`upgraded to ${options.targetVersion}`);
    return { previousVersion, version: options.targetVersion, backup };
  } catch (failure) {
    log(`upgrade failed at ${step}: ${(failure as Error).message}; rolling back to ${previousVersion}`);
    try {
      // Stop every writer before the restore, so nothing writes between restore and restart.
      await compose.run(['stop', ...STACK_SERVICES.map((service) => service.name)]);
      await restoreBackup({ dir: backup.location, database: options.database, objects: options.objects, log });
      setVersion(previousVersion);
      await compose.up();
      await wait();
    } catch (rollbackFailure) {
      throw new AdminError(
        'ADMIN_ROLLBACK_FAILED',
        `upgrade failed at ${step} (${(failure as Error).message}) and the rollback failed too: ${(rollbackFailure as Error).message}`,
        `restore by hand: set KESTREL_VERSION=${previousVersion} in ${envFile}, then \`kestrel-admin restore --from ${backup.location}\``,
        { cause: rollbackFailure },
      );
    }
    throw new AdminError(
      'ADMIN_UPGRADE_ROLLED_BACK',
      `upgrade to ${options.targetVersion} failed at ${step}: ${(failure as Error).message}. Rolled back to ${previousVersion}; the data is as it was before the upgrade.`,
      'fix the cause (see the message and `docker compose logs migrate`) and run the upgrade again',
      { cause: failure },
    );
  }
}
