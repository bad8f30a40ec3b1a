// The deployed shape both docker-compose.yml and the Helm chart describe: which Kestrel services
// run as their own container and which data stores back them. Adding a service to the suite = one
// entry here, one block in docker-compose.yml and one entry under `services:` in the chart's
// values.yaml; installer/test/stack.test.ts fails until all three (and server/<name>) agree.

/** A Kestrel service container of the suite. */
export interface StackService {
  /** Service name (server/<name>, `kestrel serve ...`). */
  name: string;
  /** The `kestrel` arguments its container runs. */
  command: readonly string[];
  /** The public /v1 prefixes the edge gateway routes to it. */
  prefixes: readonly string[];
}

/** Every Kestrel service container, in start order. */
export const STACK_SERVICES: readonly StackService[] = [
  { name: 'gateway', command: ['serve', 'gateway'], prefixes: [] },
  { name: 'auth', command: ['serve', 'gateway', 'auth'], prefixes: ['/v1/auth', '/v1/oauth', '/v1/admin', '/v1/api-keys', '/v1/sessions', '/v1/users'] },
  { name: 'user', command: ['serve', 'gateway', 'user'], prefixes: ['/v1/profile', '/v1/preferences', '/v1/workspaces'] },
  { name: 'portfolio', command: ['serve', 'gateway', 'portfolio'], prefixes: ['/v1/accounts', '/v1/positions', '/v1/pnl', '/v1/exposure', '/v1/var'] },
  // /v1/admin/market-data outranks auth's /v1/admin: the gateway routes by the longest prefix.
  { name: 'market-data', command: ['serve', 'gateway', 'market-data'], prefixes: ['/v1/market-data', '/v1/admin/market-data'] },
  // Reaches the portfolio over HTTP (KESTREL_ORDER_PORTFOLIO_URL) and execution over orders.commands/orders.reports.
  { name: 'order', command: ['serve', 'gateway', 'order'], prefixes: ['/v1/orders', '/v1/executions', '/v1/parent-orders', '/v1/risk'] },
  // One replica: each engine shard is a single writer (docs/execution.md); /v1/admin/execution outranks /v1/admin.
  { name: 'execution', command: ['serve', 'gateway', 'execution'], prefixes: ['/v1/admin/execution'] },
  // Strategies, deployments, backtest jobs; places orders and reads bars through the gateway. One
  // replica: the running deployments and their consumer groups live in one process (docs/strategies.md).
  { name: 'strategy', command: ['serve', 'gateway', 'strategy'], prefixes: ['/v1/strategies', '/v1/strategy-deployments', '/v1/backtests', '/v1/optimisations'] },
  // Paper accounts, replay sessions, scenarios; calls portfolio, market-data and order over HTTP. One
  // replica: replay sessions live in the instance that created them (docs/simulation.md).
  { name: 'simulation', command: ['serve', 'gateway', 'simulation'], prefixes: ['/v1/paper-accounts', '/v1/replay-sessions', '/v1/replay-market-data', '/v1/scenarios'] },
  // WebSocket fan-out; the edge gateway forwards the upgrade (KESTREL_STREAM_SNAPSHOT_BASE_URL points back at it).
  { name: 'stream', command: ['serve', 'gateway', 'stream'], prefixes: ['/v1/stream'] },
  // Reads the portfolio's tables and S3; every replica runs the scheduler (schedules are claimed with SKIP LOCKED).
  { name: 'reporting', command: ['serve', 'gateway', 'reporting'], prefixes: ['/v1/reports', '/v1/report-schedules'] },
  { name: 'updates', command: ['serve', 'updates'], prefixes: [] },
  // The renderer at `/` (no /v1 routes): the edge sends what is not /v1, /docs or /updates/ to it.
  { name: 'web-ui', command: ['serve', 'web-ui'], prefixes: [] },
];

/** The compose services that hold state and must be healthy before Kestrel starts. */
export const DATA_SERVICES = ['postgres', 'redis', 'kafka', 'minio'] as const;

/** One-shot compose jobs that must complete successfully. */
export const JOBS = ['migrate', 'minio-init'] as const;

/** The gateway's KESTREL_GATEWAY_UPSTREAMS value for services reachable at http://<name>:<port>. */
export function gatewayUpstreams(port = 8080, host: (name: string) => string = (name) => name): string {
  return STACK_SERVICES.flatMap((service) => service.prefixes.map((prefix) => `${prefix}=http://${host(service.name)}:${port}`)).join(',');
}
