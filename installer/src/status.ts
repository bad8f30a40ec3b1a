// `kestrel-admin status` and `doctor`: what runs and how healthy it is, with a remedy for every
// problem. Sources: `docker compose ps` (compose shape) or HTTP GET /health/ready of given service
// URLs (a cluster through port-forwards, or any reachable deployment), the TLS certificate's
// expiry, free disk, and Kafka consumer-group lag from Kafka's own `kafka-consumer-groups.sh`
// (inside the kafka container, or a local Kafka installation).
import { existsSync, readFileSync, statfsSync } from 'node:fs';
import { certificateInfo } from './certificates.js';
import type { ContainerState } from './compose.js';

/** One finding: ok, or a problem with what to do about it. */
export interface Finding {
  area: string;
  ok: boolean;
  detail: string;
  remedy?: string;
}

/** GET <url>/health/ready within `timeoutMs`: ok on 200, the failing checks otherwise. */
export async function probeReady(name: string, baseUrl: string, timeoutMs = 3000): Promise<Finding> {
  try {
    const response = await fetch(new URL('/health/ready', baseUrl), { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await response.json().catch(() => ({}))) as { checks?: Array<{ name: string; status: string; error?: string }> };
    if (response.status === 200) return { area: name, ok: true, detail: 'ready' };
    const failing = (body.checks ?? []).filter((check) => check.status !== 'ok').map((check) => `${check.name}: ${check.error ?? check.status}`);
    return { area: name, ok: false, detail: `not ready (${response.status}) ${failing.join('; ')}`.trim(), remedy: `fix the failing dependency, then check the ${name} logs` };
  } catch (error) {
    return { area: name, ok: false, detail: `unreachable: ${(error as Error).message}`, remedy: `is ${name} running? check its logs and ${baseUrl}` };
  }
}

/** Findings from `docker compose ps`. */
export function containerFindings(containers: readonly ContainerState[], jobs: readonly string[]): Finding[] {
  return containers.map((container) => {
    if (jobs.includes(container.service)) {
      const ok = container.state === 'exited' && container.exitCode === 0;
      return { area: container.service, ok, detail: `${container.state} (exit ${container.exitCode})`, ...(ok ? {} : { remedy: `docker compose logs ${container.service}` }) };
    }
    const ok = container.health ? container.health === 'healthy' : container.state === 'running';
    return {
      area: container.service,
      ok,
      detail: `${container.state}${container.health ? `, ${container.health}` : ''} (${container.image})`,
      ...(ok ? {} : { remedy: `docker compose logs ${container.service}; restart it with docker compose up -d ${container.service}` }),
    };
  });
}

/** The certificate's expiry: a problem within `warnDays`. */
export function certificateFinding(certFile: string, warnDays = 21, now = new Date()): Finding {
  if (!existsSync(certFile)) return { area: 'certificate', ok: false, detail: `${certFile} is missing`, remedy: 'run kestrel-admin install (it creates or imports one)' };
  const info = certificateInfo(readFileSync(certFile), now);
  const ok = info.daysLeft > warnDays;
  return {
    area: 'certificate',
    ok,
    detail: `expires ${info.validTo.toISOString().slice(0, 10)} (${info.daysLeft} days)${info.selfSigned ? ', self-signed' : ''}`,
    ...(ok ? {} : { remedy: 'renew it and run kestrel-admin install --cert <file> --key <file> (nginx picks it up on restart)' }),
  };
}

/** Free space where the data lives: a problem below `minFreeRatio`. */
export function diskFinding(dir: string, minFreeRatio = 0.15): Finding {
  const stats = statfsSync(dir);
  const free = stats.bavail / stats.blocks;
  const ok = free >= minFreeRatio;
  return {
    area: 'disk',
    ok,
    detail: `${(free * 100).toFixed(0)} % free (${((stats.bavail * stats.bsize) / 1024 ** 3).toFixed(1)} GiB) in ${dir}`,
    ...(ok ? {} : { remedy: 'free space: prune old images (docker image prune), move backups elsewhere, lower Kafka retention (KAFKA_RETENTION_BYTES)' }),
  };
}

/** Lag per consumer group and topic. */
export interface GroupLag {
  group: string;
  topic: string;
  lag: number;
}

/** Parses `kafka-consumer-groups.sh --describe --all-groups` output into total lag per group and topic. */
export function parseConsumerGroups(output: string): GroupLag[] {
  const totals = new Map<string, GroupLag>();
  let columns: string[] = [];
  for (const line of output.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] === 'GROUP') {
      columns = words;
      continue;
    }
    if (columns.length === 0 || words.length < columns.length) continue;
    const value = (column: string) => words[columns.indexOf(column)] ?? '';
    const lag = Number(value('LAG'));
    const key = `${value('GROUP')}\u0000${value('TOPIC')}`;
    const entry = totals.get(key) ?? { group: value('GROUP'), topic: value('TOPIC'), lag: 0 };
    if (Number.isFinite(lag)) entry.lag += lag;
    totals.set(key, entry);
  }
  return [...totals.values()];
}

/** Lag findings: a problem above `maxLag` messages. */
export function lagFindings(lags: readonly GroupLag[], maxLag = 1000): Finding[] {
  return lags.map((entry) => {
    const ok = entry.lag <= maxLag;
    return {
      area: `kafka lag ${entry.group}/${entry.topic}`,
      ok,
      detail: `${entry.lag} messages behind`,
      ...(ok ? {} : { remedy: `the consumers of ${entry.group} fall behind: check that service's logs and scale it out` }),
    };
  });
}
