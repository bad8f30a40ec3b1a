// `docker compose` for one installation: every call names the project, the compose file and the
// .env, so kestrel-admin works from any directory. Health comes from `docker compose ps --format
// json` (each container's healthcheck state), the only view of the stack that needs no published
// ports. All calls go through a CommandRunner (real, or a recording fake in tests).
import { AdminError } from './errors.js';
import { runChecked, type CommandRunner, type RunOptions, type RunResult } from './runner.js';

/** One container as `docker compose ps` reports it. */
export interface ContainerState {
  service: string;
  name: string;
  state: string;
  health: string;
  exitCode: number;
  image: string;
}

/** Where an installation lives. */
export interface ComposeProject {
  /** Directory holding docker-compose.yml and .env. */
  dir: string;
  file: string;
  envFile: string;
  project: string;
}

/** Parses `docker compose ps --format json` (a JSON array, or one object per line in newer versions). */
export function parseComposePs(output: string): ContainerState[] {
  const text = output.trim();
  if (text === '') return [];
  const rows: Array<Record<string, unknown>> = text.startsWith('[') ? JSON.parse(text) : text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  return rows.map((row) => ({
    service: String(row.Service ?? ''),
    name: String(row.Name ?? ''),
    state: String(row.State ?? ''),
    health: String(row.Health ?? ''),
    exitCode: Number(row.ExitCode ?? 0),
    image: String(row.Image ?? ''),
  }));
}

/** Drives `docker compose` for one project. */
export class Compose {
  constructor(
    readonly project: ComposeProject,
    readonly runner: CommandRunner,
  ) {}

  /** The leading arguments of every call. */
  baseArgs(): string[] {
    return ['compose', '--project-name', this.project.project, '--project-directory', this.project.dir, '-f', this.project.file, '--env-file', this.project.envFile];
  }

  /** Runs `docker compose <args>`; throws ADMIN_COMMAND_FAILED unless it exits 0. */
  run(args: readonly string[], options?: RunOptions): Promise<RunResult> {
    return runChecked(this.runner, 'docker', [...this.baseArgs(), ...args], { cwd: this.project.dir, ...options });
  }

  /** Pulls the images of the stack. */
  pull(): Promise<RunResult> {
    return this.run(['pull', '--quiet', '--ignore-buildable']);
  }

  /** Starts (or updates) the stack in the background. */
  up(profiles: readonly string[] = []): Promise<RunResult> {
    return this.run([...profiles.flatMap((profile) => ['--profile', profile]), 'up', '--detach', '--remove-orphans']);
  }

  /** Runs a one-shot service to completion (the migration job). */
  runOnce(service: string, args: readonly string[] = []): Promise<RunResult> {
    return this.run(['run', '--rm', '--no-deps', service, ...args]);
  }

  /** Every container's state. */
  async ps(): Promise<ContainerState[]> {
    return parseComposePs((await this.run(['ps', '--all', '--format', 'json'])).stdout);
  }

  /** A service's logs (no colours, no prefixes). */
  async logs(service: string): Promise<string> {
    return (await this.run(['logs', '--no-color', '--no-log-prefix', service])).stdout;
  }

  /**
   * Waits until every long-running container is healthy (or running, when it has no healthcheck)
   * and every one-shot job exited 0; ADMIN_UNHEALTHY names the stragglers after `timeoutMs`.
   */
  async waitHealthy(options: { timeoutMs: number; intervalMs?: number; jobs?: readonly string[] }): Promise<ContainerState[]> {
    const deadline = Date.now() + options.timeoutMs;
    const jobs = options.jobs ?? [];
    for (;;) {
      const containers = await this.ps();
      const failedJob = containers.find((container) => jobs.includes(container.service) && container.state === 'exited' && container.exitCode !== 0);
      if (failedJob) {
        throw new AdminError('ADMIN_UNHEALTHY', `the one-shot job ${failedJob.service} failed (exit ${failedJob.exitCode})`, `see \`docker compose logs ${failedJob.service}\``);
      }
      const waiting = containers.filter((container) =>
        jobs.includes(container.service) ? container.state !== 'exited' : container.health !== '' ? container.health !== 'healthy' : container.state !== 'running',
      );
      if (containers.length > 0 && waiting.length === 0) return containers;
      if (Date.now() >= deadline) {
        const names = waiting.map((container) => `${container.service} (${container.health || container.state})`).join(', ') || 'no containers';
        throw new AdminError('ADMIN_UNHEALTHY', `not healthy after ${Math.round(options.timeoutMs / 1000)} s: ${names}`, 'see `kestrel-admin doctor` and `docker compose logs <service>`');
      }
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 3000));
    }
  }
}
