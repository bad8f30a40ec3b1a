// The simulation service's configuration section (`simulation` in the config file,
// KESTREL_SIMULATION_* in the environment); docs/configuration.md lists each key.
import { Type, type Static } from '@sinclair/typebox';

/** Schema of the `simulation` config section. */
export const SimulationConfigSchema = Type.Object(
  {
    portfolioUrl: Type.Optional(
      Type.String({ format: 'uri', description: 'Base URL of the portfolio service (suite shape). Absent: the portfolio mounted in this process, called in-process.' }),
    ),
    marketDataUrl: Type.Optional(
      Type.String({ format: 'uri', description: 'Base URL of the market-data service (suite shape). Absent: the market-data service mounted in this process, called in-process.' }),
    ),
    orderUrl: Type.Optional(
      Type.String({ format: 'uri', description: 'Base URL of the order service (suite shape), used to cancel an archived paper account\'s open orders. Absent: in-process.' }),
    ),
    portfolioServiceToken: Type.Optional(
      Type.String({
        minLength: 32,
        maxLength: 256,
        description: 'The portfolio\'s service token (funding, archiving, buying-power checks and instruments of replay symbols). Absent: portfolio.serviceToken of the same process.',
      }),
    ),
    orderServiceToken: Type.Optional(
      Type.String({
        minLength: 32,
        maxLength: 256,
        description: 'The order service\'s token (KESTREL_ORDER_SERVICE_TOKEN), to read the risk limits and kill switches replay sessions apply. Absent: order.serviceToken of the same process.',
      }),
    ),
    requestTimeoutMs: Type.Integer({ minimum: 100, maximum: 60000, default: 5000, description: 'Bound of each call to another service.' }),
    defaultCashMinor: Type.Integer({ minimum: 1, maximum: 1_000_000_000_000, default: 10_000_000, description: 'Cash a new paper account starts with (and a reset restores) unless the request says otherwise, in minor units.' }),
    maxPaperAccounts: Type.Integer({ minimum: 1, maximum: 1000, default: 20, description: 'Most paper accounts one user may hold (a reset does not add one).' }),
    maxReplaySessions: Type.Integer({ minimum: 1, maximum: 1000, default: 20, description: 'Most replay sessions this process runs at once.' }),
  },
  { additionalProperties: false },
);

/** The validated `simulation` section. */
export type SimulationConfig = Static<typeof SimulationConfigSchema>;
