// Pre-flight checks of `kestrel-admin install`: enough CPU, memory and disk, a Docker engine and
// Compose v2 recent enough for docker-compose.yml (depends_on conditions, profiles), and the ports
// nginx publishes free. Every check reports what it found and, when it fails, what to do.
// The probes are injected, so the logic is tested with real values of this machine and with
// chosen ones; the defaults read the real machine (os, statfs, a listen attempt, `docker`).
import { statfsSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import type { CommandRunner } from './runner.js';

/** What the stack needs (docs/self-hosting.md, "Requirements"). */
export interface Requirements {
  cpus: number;
  memoryBytes: number;
  diskBytes: number;
  docker: string;
  compose: string;
  ports: number[];
}

/** The defaults: 2 CPUs, 4 GiB, 20 GiB free, Docker 24, Compose 2.20, ports 80 and 443. */
export const DEFAULT_REQUIREMENTS: Requirements = {
  cpus: 2,
  memoryBytes: 4 * 1024 ** 3,
  diskBytes: 20 * 1024 ** 3,
  docker: '24.0.0',
  compose: '2.20.0',
  ports: [80, 443],
};

/** Reads the facts the checks judge. */
export interface MachineProbe {
  cpus(): number;
  memoryBytes(): number;
  freeDiskBytes(dir: string): number;
  dockerVersion(): Promise<string | undefined>;
  composeVersion(): Promise<string | undefined>;
  portFree(port: number): Promise<boolean>;
}

/** One check's verdict. */
export interface CheckResult {
  name: string;
  ok: boolean;
  found: string;
  remedy?: string;
}

/** Compares dotted versions numerically (`2.29.1` > `2.3`); ignores suffixes like `-ce`. */
export function compareVersions(a: string, b: string): number {
  const parts = (value: string) => value.replace(/^v/, '').split(/[.+-]/).slice(0, 3).map((part) => Number.parseInt(part, 10) || 0);
  const [left, right] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** The first x.y.z in a tool's version output. */
export function parseVersion(output: string): string | undefined {
  return /(\d+\.\d+(?:\.\d+)?)/.exec(output)?.[1];
}

const GiB = 1024 ** 3;
const gib = (bytes: number) => `${(bytes / GiB).toFixed(1)} GiB`;

/** Runs every check; never throws (a failing probe is a failed check). */
export async function checkPrerequisites(probe: MachineProbe, dir: string, required: Requirements = DEFAULT_REQUIREMENTS): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const cpus = probe.cpus();
  results.push({ name: 'CPU', ok: cpus >= required.cpus, found: `${cpus} cores`, remedy: `Kestrel needs at least ${required.cpus} cores.` });
  const memory = probe.memoryBytes();
  results.push({ name: 'memory', ok: memory >= required.memoryBytes, found: gib(memory), remedy: `Kestrel needs at least ${gib(required.memoryBytes)} of RAM.` });
  let disk = 0;
  try {
    disk = probe.freeDiskBytes(dir);
  } catch {
    disk = 0;
  }
  results.push({ name: 'disk', ok: disk >= required.diskBytes, found: `${gib(disk)} free in ${dir}`, remedy: `Free up space or install elsewhere (--dir): at least ${gib(required.diskBytes)} are needed for images and data.` });
  const docker = await probe.dockerVersion();
  results.push({
    name: 'Docker',
    ok: docker !== undefined && compareVersions(docker, required.docker) >= 0,
    found: docker ?? 'not found (or the daemon is not reachable)',
    remedy: `Install Docker Engine ${required.docker} or later (https://docs.docker.com/engine/install/) and make sure this user may use it (docker info).`,
  });
  const compose = await probe.composeVersion();
  results.push({
    name: 'Docker Compose',
    ok: compose !== undefined && compareVersions(compose, required.compose) >= 0,
    found: compose ?? 'not found',
    remedy: `Install the Compose plugin ${required.compose} or later (\`docker compose version\`); the old docker-compose 1.x is not supported.`,
  });
  for (const port of required.ports) {
    const free = await probe.portFree(port);
    results.push({ name: `port ${port}`, ok: free, found: free ? 'free' : 'in use', remedy: `Stop what listens on ${port}, or choose another port (KESTREL_HTTP_PORT / KESTREL_HTTPS_PORT in .env).` });
  }
  return results.map((result) => (result.ok ? { name: result.name, ok: true, found: result.found } : result));
}

/** Tries to listen on `port` on all interfaces; true when that works. */
export function portIsFree(port: number, host = '0.0.0.0'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The probe of the real machine; Docker facts come from `docker` through `runner`. */
export function machineProbe(runner: CommandRunner): MachineProbe {
  const version = async (args: string[]) => {
    const result = await runner.run('docker', args).catch(() => undefined);
    return result && result.code === 0 ? parseVersion(result.stdout) : undefined;
  };
  return {
    cpus: () => os.availableParallelism(),
    memoryBytes: () => os.totalmem(),
    freeDiskBytes: (dir) => {
      const stats = statfsSync(dir);
      return stats.bavail * stats.bsize;
    },
    dockerVersion: () => version(['version', '--format', '{{.Server.Version}}']),
    composeVersion: () => version(['compose', 'version', '--short']),
    portFree: (port) => portIsFree(port),
  };
}
