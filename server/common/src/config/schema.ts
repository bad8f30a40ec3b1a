// The core configuration schema: every setting the shared plumbing reads, with its type, range,
// default and a one-line description. Invariants: the schema is two levels deep at most (a
// section of scalars or lists, or a top-level scalar), because each leaf maps to exactly one
// KESTREL_* environment variable (see env-names.ts); every leaf has a `description`, which
// docs/configuration.md mirrors (a test checks both ways). Services add their own sections
// through ServiceModule.config; they never edit this file.
import { Type, type Static } from '@sinclair/typebox';
import './formats.js';

/** Pino levels accepted by KESTREL_LOG_LEVEL. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = (description: string, defaultValue: number) =>
  Type.Integer({ minimum: 0, maximum: 65535, default: defaultValue, description });

/** Schema of the core configuration (everything except services' own sections). */
export const CoreConfigSchema = Type.Object(
  {
    dataDir: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'Directory for local state: embedded PostgreSQL, local object storage, generated secrets. Default: the platform data dir (see below).',
      }),
    ),
    services: Type.Array(Type.String({ pattern: '^(all|[a-z][a-z0-9-]*)$' }), {
      default: ['all'],
      minItems: 1,
      expected: 'a comma-separated list of service names (lower-case) or `all`',
      description:
        'Comma-separated service names to mount, or `all` for every service in the CLI registry. The `kestrel serve` arguments override it.',
    }),
    http: Type.Object(
      {
        host: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Interface the HTTP server binds to.' }),
        port: port('TCP port of the HTTP server; 0 picks a free port.', 8080),
        bodyLimitBytes: Type.Integer({
          minimum: 1024,
          maximum: 104857600,
          default: 1048576,
          description: 'Largest accepted request body, in bytes.',
        }),
        trustProxy: Type.Boolean({
          default: false,
          description: 'Trust X-Forwarded-* headers (set when behind nginx or a load balancer).',
        }),
      },
      { default: {} },
    ),
    log: Type.Object(
      {
        level: Type.Union(
          LOG_LEVELS.map((level) => Type.Literal(level)),
          { default: 'info', description: 'Lowest log level written.' },
        ),
      },
      { default: {} },
    ),
    database: Type.Object(
      {
        url: Type.Optional(
          Type.String({
            format: 'postgres-url',
            description:
              'PostgreSQL connection URL. Absent: `kestrel serve` starts an embedded PostgreSQL under the data dir; standalone services require it.',
          }),
        ),
        poolMax: Type.Integer({ minimum: 1, maximum: 1000, default: 10, description: 'Most connections one process keeps open.' }),
        statementTimeoutMs: Type.Integer({
          minimum: 0,
          maximum: 3600000,
          default: 30000,
          description: 'Server-side statement timeout for pooled connections, in milliseconds; 0 disables it.',
        }),
        migrateOnStart: Type.Boolean({
          default: true,
          description:
            'Run pending migrations when a server starts. Set false when a separate `kestrel migrate` job runs them (suite shape).',
        }),
        embeddedPort: port('TCP port of the embedded PostgreSQL (loopback only); 0 picks a free port.', 0),
      },
      { default: {} },
    ),
    redis: Type.Object(
      {
        url: Type.Optional(
          Type.String({ format: 'redis-url', description: 'Redis connection URL. Optional in the embedded shape.' }),
        ),
        channelPrefix: Type.String({
          pattern: '^[A-Za-z0-9._:-]{0,100}$',
          default: 'kestrel:',
          description: 'Prepended to every Redis pub/sub channel name, so several deployments or test runs can share one Redis.',
        }),
      },
      { default: {} },
    ),
    kafka: Type.Object(
      {
        brokers: Type.Optional(
          Type.Array(Type.String({ format: 'host-port' }), {
            minItems: 1,
            description: 'Comma-separated Kafka bootstrap brokers. Absent: the in-process event bus.',
          }),
        ),
        clientId: Type.String({ minLength: 1, default: 'kestrel', description: 'Kafka client id prefix.' }),
        topicPrefix: Type.String({
          pattern: '^[A-Za-z0-9._-]{0,100}$',
          default: '',
          description: 'Prepended to every Kafka topic and consumer group name, so several deployments or test runs can share one cluster.',
        }),
      },
      { default: {} },
    ),
    s3: Type.Object(
      {
        endpoint: Type.Optional(
          Type.String({
            format: 'http-url',
            description: 'S3-compatible endpoint URL. Absent: object storage is a local folder under the data dir.',
          }),
        ),
        bucket: Type.Optional(
          Type.String({
            pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
            expected: 'an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens)',
            description: 'Bucket name; required when the endpoint is set.',
          }),
        ),
        region: Type.String({ minLength: 1, default: 'us-east-1', description: 'Region sent to the S3 endpoint.' }),
        accessKeyId: Type.Optional(Type.String({ minLength: 1, description: 'S3 access key id.' })),
        secretAccessKey: Type.Optional(Type.String({ minLength: 1, description: 'S3 secret access key.' })),
        forcePathStyle: Type.Boolean({
          default: true,
          description: 'Use path-style bucket addressing (MinIO and most self-hosted servers need it).',
        }),
      },
      { default: {} },
    ),
    shutdown: Type.Object(
      {
        graceMs: Type.Integer({
          minimum: 0,
          maximum: 600000,
          default: 15000,
          description: 'How long a graceful shutdown may take before the process exits anyway, in milliseconds.',
        }),
      },
      { default: {} },
    ),
  },
  { additionalProperties: false },
);

/** The core configuration after defaults are applied, as every module sees it. */
export type CoreConfig = Static<typeof CoreConfigSchema> & { dataDir: string };

/** Top-level names reserved by the core; a service cannot be called one of these. */
export const CORE_SECTION_NAMES: readonly string[] = Object.keys(CoreConfigSchema.properties);
