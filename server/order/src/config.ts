// The order service's configuration section (`order` in the config file, KESTREL_ORDER_* in the
// environment); docs/configuration.md lists each key and docs/orders.md explains the portfolio link.
import { Type, type Static } from '@sinclair/typebox';

const groupId = (name: string, description: string) =>
  Type.String({ pattern: '^[A-Za-z0-9._-]{1,200}$', default: name, description });

/** Schema of the `order` config section. */
export const OrderConfigSchema = Type.Object(
  {
    serviceToken: Type.Optional(
      Type.String({
        minLength: 32,
        maxLength: 256,
        description: 'Shared secret other services (the simulation) send in x-kestrel-service-token to call the order service\'s /v1/internal/* (at least 32 characters). Absent: only admin credentials may call them.',
      }),
    ),
    portfolioUrl: Type.Optional(
      Type.String({
        format: 'uri',
        description: 'Base URL of the portfolio service (suite shape, e.g. http://portfolio:8080). Absent: the portfolio mounted in this process, called in-process.',
      }),
    ),
    portfolioServiceToken: Type.Optional(
      Type.String({
        minLength: 32,
        maxLength: 256,
        description: 'The portfolio service token (KESTREL_PORTFOLIO_SERVICE_TOKEN) sent to its internal routes. Absent: the portfolio section of this process, if loaded.',
      }),
    ),
    portfolioTimeoutMs: Type.Integer({ minimum: 100, maximum: 60000, default: 5000, description: 'Timeout of one call to the portfolio service, in milliseconds.' }),
    accountCacheTtlMs: Type.Integer({ minimum: 0, maximum: 3600000, default: 5000, description: 'How long an account looked up at the portfolio (owner, status) is reused before it is asked again, in milliseconds.' }),
    instrumentCacheTtlMs: Type.Integer({ minimum: 0, maximum: 60000, default: 1000, description: 'How long order entry reuses an instrument definition read from its copy before reading it again, in milliseconds (this instance sees changes it consumes at once; others within this time).' }),
    reportsConsumerGroup: groupId('order.reports', 'Consumer group that applies orders.reports (execution reports) to orders.'),
    marketDataConsumerGroup: groupId('order.market-data', 'Consumer group that reads market.data (trades for trailing stops, bars for VWAP profiles).'),
    instrumentsConsumerGroup: groupId('order.instruments', 'Consumer group that reads instruments.updated (the definitions order entry checks against).'),
    sweepIntervalMs: Type.Integer({ minimum: 50, maximum: 600000, default: 2000, description: 'Period of the recovery sweep (orders waiting for a buying-power answer, reservations to release), in milliseconds.' }),
    maxPageSize: Type.Integer({ minimum: 10, maximum: 1000, default: 200, description: 'Largest page the list routes return.' }),
  },
  { additionalProperties: false },
);

/** The validated `order` section. */
export type OrderConfig = Static<typeof OrderConfigSchema>;
