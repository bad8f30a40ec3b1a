// The execution service's configuration section (`execution` in the config file, KESTREL_EXECUTION_*
// in the environment); docs/configuration.md lists each key and docs/execution.md explains shards.
import { Type, type Static } from '@sinclair/typebox';

/** Schema of the `execution` config section. */
export const ExecutionConfigSchema = Type.Object(
  {
    shards: Type.String({
      pattern: '^$|^[a-z0-9-]{1,32}=[A-Za-z0-9._:/-]{1,32}(,[A-Za-z0-9._:/-]{1,32})*(;[a-z0-9-]{1,32}=[A-Za-z0-9._:/-]{1,32}(,[A-Za-z0-9._:/-]{1,32})*)*$',
      default: '',
      description: 'Symbol shards as `name=SYM1,SYM2;other=SYM3`; each shard is one engine. Symbols not listed (and everything when empty) go to the shard `main`.',
    }),
    commandsConsumerGroup: Type.String({
      pattern: '^[A-Za-z0-9._-]{1,200}$',
      default: 'execution.commands',
      description: 'Consumer group that applies orders.commands (submits, cancels, replaces, risk limits, kill switches) to the engine.',
    }),
    fsync: Type.Union([Type.Literal('every'), Type.Literal('group'), Type.Literal('none')], {
      default: 'group',
      description: 'Engine journal fsync policy: every record, once per batch (group), or left to the OS (none). The service also forces a sync before each database commit.',
    }),
    snapshotEvery: Type.Integer({ minimum: 0, maximum: 100000000, default: 100000, description: 'Engine journal records between automatic snapshots (0 = only at shutdown).' }),
  },
  { additionalProperties: false },
);

/** The validated `execution` section. */
export type ExecutionConfig = Static<typeof ExecutionConfigSchema>;

/** Shard names by symbol, plus the default shard, parsed from `shards`. */
export interface ShardMap {
  shards: string[];
  shardOf(symbol: string): string;
}

/** The shard that holds every symbol not listed in the configuration. */
export const DEFAULT_SHARD = 'main';

/** Parses the `shards` setting (already checked by the schema pattern). */
export function parseShards(setting: string): ShardMap {
  const bySymbol = new Map<string, string>();
  const shards = new Set<string>([DEFAULT_SHARD]);
  for (const group of setting.split(';').filter(Boolean)) {
    const [name, symbols] = group.split('=') as [string, string];
    shards.add(name);
    for (const symbol of symbols.split(',')) bySymbol.set(symbol, name);
  }
  return { shards: [...shards], shardOf: (symbol) => bySymbol.get(symbol) ?? DEFAULT_SHARD };
}
