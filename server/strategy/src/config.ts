// The strategy service's configuration section (`strategy` in the config file, KESTREL_STRATEGY_*
// in the environment); docs/configuration.md lists each key, docs/strategies.md explains them.
import { Type, type Static } from '@sinclair/typebox';

const groupId = (name: string, description: string) => Type.String({ pattern: '^[A-Za-z0-9._-]{1,200}$', default: name, description });

/** Schema of the `strategy` config section. */
export const StrategyConfigSchema = Type.Object(
  {
    apiUrl: Type.Optional(
      Type.String({
        format: 'uri',
        description: 'Base URL of the gateway (suite shape, e.g. http://gateway:8080) through which deployments place orders and jobs read bar history. Absent: this process\'s own router, in-process.',
      }),
    ),
    credentialKey: Type.Optional(
      Type.String({
        pattern: '^[0-9a-f]{64}$',
        description: "32 bytes as 64 hex digits: seals the deployments' order credentials (AES-256-GCM) in the database. Generated once by `kestrel serve`; without it deployments cannot start.",
      }),
    ),
    apiTimeoutMs: Type.Integer({ minimum: 100, maximum: 60000, default: 5000, description: 'Timeout of one call to another service (orders, accounts, instruments, bar history), in milliseconds.' }),
    workerMemoryMb: Type.Integer({ minimum: 16, maximum: 4096, default: 128, description: 'Heap limit of each strategy worker thread (deployment or job), in MiB; a strategy that exceeds it is stopped.' }),
    hookTimeoutMs: Type.Integer({ minimum: 10, maximum: 600000, default: 2000, description: 'Longest a deployment\'s strategy may spend in one hook (CPU watchdog); past it the worker is terminated and the deployment fails with STRATEGY_TIMEOUT.' }),
    jobMemoryMb: Type.Integer({ minimum: 64, maximum: 16384, default: 1024, description: 'Heap limit of each backtest, optimisation or walk-forward job worker, in MiB.' }),
    maxHistoryBars: Type.Integer({ minimum: 1000, maximum: 10000000, default: 1000000, description: 'Most bars a job reads from the market-data history.' }),
    jobBodyMaxBytes: Type.Integer({ minimum: 1024, maximum: 104857600, default: 33554432, description: 'Largest backtest or optimisation request body (an uploaded CSV), in bytes; larger: 413 REQUEST_TOO_LARGE.' }),
    maxSourceBytes: Type.Integer({ minimum: 1024, maximum: 4194304, default: 262144, description: 'Largest strategy source accepted, in bytes.' }),
    maxJobsPerUser: Type.Integer({ minimum: 1, maximum: 100, default: 2, description: 'Backtest, optimisation and walk-forward jobs one user may have queued or running at once.' }),
    jobWorkers: Type.Integer({ minimum: 1, maximum: 64, default: 2, description: 'Worker threads an optimisation or walk-forward job runs its trials on.' }),
    marketDataConsumerGroup: groupId('strategy.market-data', 'Consumer group through which deployments receive market.data (bars, trades). Every process running deployments needs its own.'),
    ordersConsumerGroup: groupId('strategy.orders', 'Consumer group through which deployments receive orders.updated and orders.executed for their orders.'),
    equitySampleMs: Type.Integer({ minimum: 100, maximum: 3600000, default: 1000, description: 'Minimum spacing of the stored P&L samples of a deployment (the drawdown is computed from them), in milliseconds.' }),
  },
  { additionalProperties: false },
);

/** The validated `strategy` section. */
export type StrategyConfig = Static<typeof StrategyConfigSchema>;
