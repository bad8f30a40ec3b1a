// The updates service's configuration section (`updates` in the config file, KESTREL_UPDATES_* in
// the environment); docs/configuration.md describes each key.
import { Type, type Static } from '@sinclair/typebox';

/** Schema of the `updates` config section. */
export const UpdatesConfigSchema = Type.Object(
  {
    channels: Type.Array(Type.String({ pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', maxLength: 32 }), {
      default: ['stable', 'beta'],
      minItems: 1,
      expected: 'a comma-separated list of channel names (lower-case words joined by hyphens)',
      description: 'Comma-separated release channels the feed serves (`GET /updates/<channel>/<file>`); other names answer 404.',
    }),
    prefix: Type.String({
      pattern: '^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$',
      default: 'updates',
      expected: 'an object key prefix without leading or trailing `/`',
      description: 'Object storage prefix under which `kestrel-admin updates publish` stores each channel (`<prefix>/<channel>/<file>`).',
    }),
    artifactMaxAgeSeconds: Type.Integer({
      minimum: 0,
      maximum: 31536000,
      default: 3600,
      description: 'Cache-Control max-age of installers and blockmaps, in seconds. Manifests (`*.yml`) are always `no-cache`.',
    }),
  },
  { additionalProperties: false },
);

/** The validated `updates` section. */
export type UpdatesConfig = Static<typeof UpdatesConfigSchema>;
