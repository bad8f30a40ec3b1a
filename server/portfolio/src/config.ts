// The portfolio service's configuration section (`portfolio` in the config file,
// KESTREL_PORTFOLIO_* in the environment); docs/configuration.md lists each key.
import { Type, type Static } from '@sinclair/typebox';

/** Schema of the `portfolio` config section. */
export const PortfolioConfigSchema = Type.Object(
  {
    serviceToken: Type.Optional(
      Type.String({
        minLength: 32,
        maxLength: 256,
        description: 'Shared secret other services send in x-kestrel-service-token to call /v1/internal/* (at least 32 characters). Absent: only admin credentials may call them.',
      }),
    ),
    consumerGroup: Type.String({
      pattern: '^[A-Za-z0-9._-]{1,200}$',
      default: 'portfolio.positions',
      description: 'Consumer group that books orders.executed events (also the processed_events de-duplication key).',
    }),
    instrumentsConsumerGroup: Type.String({
      pattern: '^[A-Za-z0-9._-]{1,200}$',
      default: 'portfolio.instruments',
      description: 'Consumer group that reads instruments.updated (the instrument economics buying-power checks need).',
    }),
    varWindowDays: Type.Integer({ minimum: 20, maximum: 2520, default: 250, description: 'Daily returns (scenarios) used by the historical-simulation VaR.' }),
    varConfidenceBps: Type.Integer({ minimum: 5000, maximum: 9999, default: 9900, description: 'VaR confidence in basis points (9900 = 99 %).' }),
    varMinScenarios: Type.Integer({ minimum: 1, maximum: 2520, default: 100, description: 'Fewer shared daily returns than this makes GET /v1/var answer PORTFOLIO_VAR_INSUFFICIENT_HISTORY.' }),
    pnlMaxPoints: Type.Integer({ minimum: 10, maximum: 100000, default: 5000, description: 'Most buckets one GET /v1/pnl range may span.' }),
  },
  { additionalProperties: false },
);

/** The validated `portfolio` section. */
export type PortfolioConfig = Static<typeof PortfolioConfigSchema>;
