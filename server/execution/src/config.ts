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
    simulation: Type.Union([Type.Literal('auto'), Type.Literal('on'), Type.Literal('off')], {
      default: 'auto',
      description: 'The simulation venue (seeded market makers, noise and momentum traders on the engine): auto = on in the embedded shape (in-process bus), off with Kafka.',
    }),
    simulationSymbols: Type.String({
      pattern: '^$|^[A-Za-z0-9._:/-]{1,32}=[1-9][0-9]{0,14}(,[A-Za-z0-9._:/-]{1,32}=[1-9][0-9]{0,14})*$',
      default: 'AAPL=19000,MSFT=41000,SPY=52000',
      description: 'Simulated symbols with their starting fair value in ticks, as `SYM=ticks,SYM=ticks` (they must be instruments of the market-data service).',
    }),
    simulationOrdersPerSecond: Type.Integer({ minimum: 1, maximum: 10000, default: 20, description: 'Agent orders per second per simulated symbol.' }),
    simulationIntervalMs: Type.Integer({ minimum: 10, maximum: 60000, default: 100, description: 'Period of the simulation timer, in milliseconds.' }),
    simulationSeed: Type.Integer({ minimum: 0, maximum: 4294967295, default: 1, description: 'Seed of the agents\' random decisions (same seed and clock: same orders).' }),
    snapshotEvery: Type.Integer({ minimum: 0, maximum: 100000000, default: 100000, description: 'Engine journal records between automatic snapshots (0 = only at shutdown).' }),
    venues: Type.Array(Type.String({ pattern: '^[1-9][0-9]{0,8}=[A-Z][A-Z0-9_-]{0,31}:binance-spot(:-?[0-9]{1,4}:-?[0-9]{1,4})?$' }), {
      default: [],
      description: 'External venues the engine router may route to, as `<id>=<NAME>:<adapter>[:<taker bps>:<maker bps>]` (id > 0, NAME goes on executions, fees in basis points, negative = rebate), e.g. `1=BINANCE:binance-spot:10:10`. Empty (default): every order stays on the internal book.',
    }),
    binanceRestUrl: Type.String({ format: 'http-url', default: 'https://api.binance.com', description: 'Binance Spot REST base URL for orders (`/api/v3/order`) and the user data stream key.' }),
    binanceStreamUrl: Type.String({ format: 'uri', default: 'wss://stream.binance.com:9443', description: 'Binance WebSocket base URL; the user data stream is opened at `/ws/<listenKey>`.' }),
    binanceSymbols: Type.Array(Type.String({ pattern: '^[A-Za-z0-9._:/-]{1,32}=[A-Z0-9]{2,20}:(0|[1-9][0-9]*)(\\.[0-9]{1,18})?(:(0|[1-9][0-9]*)(\\.[0-9]{1,18})?)?$' }), {
      default: [],
      description: 'Symbols the Binance venue trades, as `<Kestrel symbol>=<Binance symbol>:<lot size>[:<tick size>]`, e.g. `BTCUSD=BTCUSDT:0.00001:0.01`; with the tick size (the instrument\'s), the symbol\'s depth is streamed to the router.',
    }),
    binanceFeeAssets: Type.Array(Type.String({ pattern: '^[A-Z0-9]{2,20}=[A-Z]{3}$' }), {
      default: [],
      description: 'Binance commission assets booked as fees in a Kestrel currency, as `<asset>=<currency>`, e.g. `USDT=USD`. A commission in the instrument\'s own currency code needs no entry; one in any other asset (BNB, the base asset) is kept raw on the fill record and not booked.',
    }),
    binanceApiKey: Type.String({ maxLength: 256, default: '', description: 'Binance API key (sent as X-MBX-APIKEY). Set it through the environment, never in a committed file.' }),
    binanceApiSecret: Type.String({ maxLength: 256, default: '', description: 'Binance API secret (HMAC-SHA256 key of the signed requests). Set it through the environment; never logged.' }),
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

/** Parses `simulationSymbols` (already checked by the schema pattern) into symbol -> starting fair value. */
export function parseSimulationSymbols(setting: string): Map<string, number> {
  return new Map(
    setting
      .split(',')
      .filter(Boolean)
      .map((entry) => {
        const [symbol, ticks] = entry.split('=') as [string, string];
        return [symbol, Number(ticks)];
      }),
  );
}

/** One configured external venue: engine venue id, execution venue name, adapter kind. */
export interface VenueSetting {
  id: number;
  name: string;
  adapter: 'binance-spot';
  /** Fees the router adds to the venue's prices, in basis points (0 when not configured). */
  takerBps: number;
  makerBps: number;
}

/** Parses `venues` (already checked by the schema pattern). */
export function parseVenues(settings: readonly string[]): VenueSetting[] {
  return settings.map((setting) => {
    const [id, rest] = setting.split('=') as [string, string];
    const [name, adapter, taker, maker] = rest.split(':') as [string, 'binance-spot', string | undefined, string | undefined];
    return { id: Number(id), name, adapter, takerBps: Number(taker ?? 0), makerBps: Number(maker ?? 0) };
  });
}

/** Parses `binanceFeeAssets` (already checked by the schema pattern) into venue asset -> currency. */
export function parseFeeAssets(settings: readonly string[]): Map<string, string> {
  return new Map(settings.map((setting) => setting.split('=') as [string, string]));
}

/** Parses `binanceSymbols` (already checked by the schema pattern). */
export function parseBinanceSymbols(settings: readonly string[]): { symbol: string; venueSymbol: string; quantityStep: string; tickSize?: string }[] {
  return settings.map((setting) => {
    const at = setting.lastIndexOf('=');
    const [venueSymbol, quantityStep, tickSize] = setting.slice(at + 1).split(':') as [string, string, string | undefined];
    return { symbol: setting.slice(0, at), venueSymbol, quantityStep, ...(tickSize ? { tickSize } : {}) };
  });
}
