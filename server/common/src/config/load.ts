// Loads, validates and merges configuration: schema defaults < JSON config file < KESTREL_* env.
// Invariants: every rejected value produces one ConfigError naming its source (the env var, or
// `section.key in <file>`), what was expected and what was given; nothing half-validated is
// returned. Unknown keys inside a known section are errors (typos must not be silently ignored);
// unknown top-level file keys and env vars of sections not loaded in this process are only
// warnings, because one config file or environment may serve several standalone services.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OptionalKind, type TObject, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ConfigError } from './config-error.js';
import { currentDataDirContext, defaultDataDir, type DataDirContext } from './data-dir.js';
import { describeExpected } from './describe.js';
import { CONFIG_FILE_ENV, ENV_PREFIX, configLeaves, isSection, toEnvSegment, type ConfigLeaf } from './env-names.js';
import { CORE_SECTION_NAMES, CoreConfigSchema, type CoreConfig } from './schema.js';

/** A service's own configuration section: file key and env prefix are derived from `name`. */
export interface ConfigSection {
  name: string;
  schema: TObject;
}

/** The validated configuration: the core settings plus each loaded service's section. */
export interface KestrelConfig extends CoreConfig {
  /** Validated values of each service section, by service name. */
  sections: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Where to read configuration from; every field defaults to the real process. */
export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Path given with `--config`; wins over KESTREL_CONFIG_FILE. */
  configFile?: string;
  sections?: readonly ConfigSection[];
  dataDirContext?: DataDirContext;
}

/** The loaded configuration and the non-fatal findings worth logging at start-up. */
export interface LoadedConfig {
  config: KestrelConfig;
  warnings: string[];
}

/** Prefix of variables that belong to the test harness, not to the server. */
const TEST_ENV_PREFIX = 'KESTREL_TEST_';

interface Candidate {
  raw: unknown;
  value: unknown;
  source: string;
}

function parseEnvValue(schema: TSchema, raw: string): unknown {
  const text = raw.trim();
  switch (schema.type) {
    case 'integer':
      return /^[+-]?\d+$/.test(text) ? Number(text) : raw;
    case 'number':
      return text !== '' && Number.isFinite(Number(text)) ? Number(text) : raw;
    case 'boolean': {
      const lower = text.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(lower)) return true;
      if (['false', '0', 'no', 'off'].includes(lower)) return false;
      return raw;
    }
    case 'array':
      return text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '')
        .map((item) => parseEnvValue(schema.items as TSchema, item));
    default:
      return text;
  }
}

function readConfigFile(file: string, flag: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(flag, `${flag} names ${JSON.stringify(file)}, which cannot be read (${reason})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(flag, `${file} (from ${flag}) is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(flag, `${file} (from ${flag}) must contain a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads the file into per-leaf candidates; unknown top-level keys become warnings. */
function fileCandidates(
  data: Record<string, unknown>,
  file: string,
  schemas: ReadonlyMap<string, TSchema>,
  warnings: string[],
): Map<string, Candidate> {
  const found = new Map<string, Candidate>();
  for (const [key, value] of Object.entries(data)) {
    const schema = schemas.get(key);
    if (!schema) {
      warnings.push(`ignoring unknown key "${key}" in ${file} (no such setting or service in this process)`);
      continue;
    }
    if (!isSection(schema)) {
      found.set(key, { raw: value, value, source: `${key} in ${file}` });
      continue;
    }
    if (!isPlainObject(value)) throw new ConfigError(key, `${key} in ${file} must be an object`);
    const known = Object.keys((schema as TObject).properties);
    for (const [inner, innerValue] of Object.entries(value)) {
      const source = `${key}.${inner} in ${file}`;
      if (!known.includes(inner)) {
        throw new ConfigError(source, `${source} is not a known setting (known: ${known.join(', ')})`);
      }
      found.set(`${key}.${inner}`, { raw: innerValue, value: innerValue, source });
    }
  }
  return found;
}

/** Flags KESTREL_* variables that match no leaf: errors inside a loaded section, else warnings. */
function checkUnknownEnv(env: NodeJS.ProcessEnv, leaves: readonly ConfigLeaf[], sectionNames: readonly string[], warnings: string[]) {
  const known = new Set(leaves.map((leaf) => leaf.envName));
  const prefixes = sectionNames.map((name) => ({ name, prefix: ENV_PREFIX + toEnvSegment(name) + '_' }));
  for (const name of Object.keys(env)) {
    if (!name.startsWith(ENV_PREFIX) || known.has(name) || name === CONFIG_FILE_ENV || name.startsWith(TEST_ENV_PREFIX)) continue;
    const section = prefixes.find(({ prefix }) => name.startsWith(prefix));
    if (section) {
      const options = leaves.filter((leaf) => leaf.path[0] === section.name).map((leaf) => leaf.envName);
      throw new ConfigError(name, `${name} is not a known setting (known: ${options.join(', ')})`);
    }
    warnings.push(`ignoring unknown environment variable ${name} (no such setting or service in this process)`);
  }
}

function isOptional(schema: TSchema): boolean {
  return schema[OptionalKind] === 'Optional';
}

function setPath(target: Record<string, unknown>, leafPath: ConfigLeaf['path'], value: unknown) {
  if (leafPath.length === 1) {
    target[leafPath[0]] = value;
    return;
  }
  const [section, key] = leafPath;
  const inner = (target[section] ??= {}) as Record<string, unknown>;
  inner[key] = value;
}

/** Rules spanning several keys, reported against the key the operator has to add. */
function checkCrossField(core: CoreConfig, sourceOf: (leafPath: string) => string) {
  const { s3 } = core;
  if (s3.endpoint !== undefined && s3.bucket === undefined) {
    throw new ConfigError(sourceOf('s3.bucket'), `${sourceOf('s3.bucket')} is required when ${sourceOf('s3.endpoint')} is set`);
  }
  if ((s3.accessKeyId === undefined) !== (s3.secretAccessKey === undefined)) {
    const missing = s3.accessKeyId === undefined ? 's3.accessKeyId' : 's3.secretAccessKey';
    const present = missing === 's3.accessKeyId' ? 's3.secretAccessKey' : 's3.accessKeyId';
    throw new ConfigError(sourceOf(missing), `${sourceOf(missing)} is required when ${sourceOf(present)} is set`);
  }
}

/** Loads and validates the configuration; throws ConfigError on the first invalid value. */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const sections = options.sections ?? [];
  const warnings: string[] = [];

  for (const section of sections) {
    if (CORE_SECTION_NAMES.includes(section.name)) {
      throw new Error(`service section "${section.name}" collides with a core configuration key`);
    }
  }
  const coreLeaves = configLeaves(CoreConfigSchema);
  const leaves = [...coreLeaves, ...sections.flatMap((section) => configLeaves(section.schema, section.name))];
  const topLevel = new Map<string, TSchema>(Object.entries(CoreConfigSchema.properties));
  for (const section of sections) topLevel.set(section.name, section.schema);

  const flag = options.configFile !== undefined ? '--config' : CONFIG_FILE_ENV;
  const file = options.configFile ?? (env[CONFIG_FILE_ENV] || undefined);
  const fromFile = file === undefined ? new Map<string, Candidate>() : fileCandidates(readConfigFile(file, flag), file, topLevel, warnings);

  const sectionNames = [...topLevel].filter(([, schema]) => isSection(schema)).map(([name]) => name);
  checkUnknownEnv(env, leaves, sectionNames, warnings);

  const sources = new Map<string, string>();
  /** The validated value of one leaf, or undefined when it is optional and unset. */
  const resolve = (leaf: ConfigLeaf): unknown => {
    const key = leaf.path.join('.');
    const envRaw = env[leaf.envName];
    // An empty variable counts as unset: compose files often declare `KESTREL_X=` as a placeholder.
    let candidate: Candidate | undefined =
      envRaw !== undefined && envRaw !== ''
        ? { raw: envRaw, value: parseEnvValue(leaf.schema, envRaw), source: leaf.envName }
        : fromFile.get(key);
    if (candidate === undefined && leaf.schema.default !== undefined) {
      candidate = { raw: leaf.schema.default, value: structuredClone(leaf.schema.default), source: leaf.envName };
    }
    sources.set(key, candidate?.source ?? leaf.envName);
    if (candidate === undefined) {
      if (isOptional(leaf.schema)) return undefined;
      throw new ConfigError(leaf.envName, `${leaf.envName} is required: set it to ${describeExpected(leaf.schema)}`);
    }
    if (!Value.Check(leaf.schema, candidate.value)) {
      throw new ConfigError(
        candidate.source,
        `${candidate.source} must be ${describeExpected(leaf.schema)} (got ${JSON.stringify(candidate.raw)})`,
      );
    }
    return candidate.value;
  };

  // Sections exist even when all their settings are optional and unset (e.g. `redis: {}`).
  const core: Record<string, unknown> = Object.fromEntries(sectionNames.filter((name) => CORE_SECTION_NAMES.includes(name)).map((name) => [name, {}]));
  for (const leaf of coreLeaves) {
    const value = resolve(leaf);
    if (value !== undefined) setPath(core, leaf.path, value);
  }
  const sectionValues: Record<string, Record<string, unknown>> = {};
  for (const section of sections) {
    const values: Record<string, unknown> = {};
    for (const leaf of configLeaves(section.schema, section.name)) {
      const value = resolve(leaf);
      if (value !== undefined) values[leaf.path[1] as string] = value;
    }
    sectionValues[section.name] = values;
  }

  const coreConfig = core as CoreConfig;
  checkCrossField(coreConfig, (key) => sources.get(key) ?? key);
  const dataDirContext = options.dataDirContext ?? currentDataDirContext();
  coreConfig.dataDir = path.resolve(coreConfig.dataDir ?? defaultDataDir(dataDirContext));
  return { config: { ...coreConfig, sections: sectionValues }, warnings };
}
