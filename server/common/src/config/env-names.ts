// Maps configuration leaves to their environment variable names. Invariant: the mapping is
// mechanical (KESTREL_ + SECTION + _ + KEY in upper snake case), so docs, errors and the loader
// can never disagree about a name. A schema is at most two levels deep: a top-level scalar or a
// section object whose properties are scalars or lists.
import type { TObject, TSchema } from '@sinclair/typebox';

/** Prefix of every configuration environment variable. */
export const ENV_PREFIX = 'KESTREL_';

/** Environment variable naming the JSON config file; not itself a schema key. */
export const CONFIG_FILE_ENV = 'KESTREL_CONFIG_FILE';

/** One settable value: where it sits in the config object and which variable sets it. */
export interface ConfigLeaf {
  /** Path in the config object: `[key]` for a top-level scalar, `[section, key]` otherwise. */
  path: readonly [string] | readonly [string, string];
  /** The environment variable that sets it, e.g. KESTREL_HTTP_PORT. */
  envName: string;
  schema: TSchema;
}

/** Upper snake case of a camelCase or kebab-case name: `bodyLimitBytes` → `BODY_LIMIT_BYTES`. */
export function toEnvSegment(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toUpperCase();
}

/** True when a schema is a section (an object of settings) rather than a single setting. */
export function isSection(schema: TSchema): boolean {
  return schema.type === 'object';
}

/** Every leaf of `schema`; with `section`, the schema is one service section named so. */
export function configLeaves(schema: TObject, section?: string): ConfigLeaf[] {
  const leaves: ConfigLeaf[] = [];
  for (const [key, child] of Object.entries(schema.properties)) {
    if (section !== undefined) {
      leaves.push({ path: [section, key], envName: ENV_PREFIX + toEnvSegment(section) + '_' + toEnvSegment(key), schema: child });
    } else if (isSection(child)) {
      for (const [inner, leaf] of Object.entries((child as TObject).properties)) {
        leaves.push({ path: [key, inner], envName: ENV_PREFIX + toEnvSegment(key) + '_' + toEnvSegment(inner), schema: leaf });
      }
    } else {
      leaves.push({ path: [key], envName: ENV_PREFIX + toEnvSegment(key), schema: child });
    }
  }
  return leaves;
}
