// Internal secrets of the embedded shape (`kestrel serve --all` with the embedded PostgreSQL):
// the service tokens the in-process services send each other and the auth key-encryption key.
// Without them orders stay `new` (order cannot reach portfolio's internal routes), the
// simulation venue cannot ingest market data and replay sessions cannot read risk settings. They are generated once into
// <dataDir>/secrets.json and reused on every later start of the same data dir.
// Invariants: values come from crypto.randomBytes; the file is mode 0600 and appears atomically
// (written to a temporary file, then hard-linked into place, so two starts racing agree on one
// file); explicit configuration (env or config file) always wins; settings that must pair get
// the same value (order's portfolio token is portfolio's effective token); secret values are
// never logged. Known limits: losing secrets.json after signing keys were encrypted with the
// generated key makes those keys unreadable, as with any lost key-encryption key.
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type KestrelConfig } from '@kestrel/server-common';

/** The secrets kept in <dataDir>/secrets.json, by name. */
const GENERATORS = {
  portfolioServiceToken: () => randomBytes(32).toString('base64url'),
  marketDataServiceToken: () => randomBytes(32).toString('base64url'),
  orderServiceToken: () => randomBytes(32).toString('base64url'),
  authKeyEncryptionKey: () => randomBytes(32).toString('base64'),
  strategyCredentialKey: () => randomBytes(32).toString('hex'),
} as const;

type SecretName = keyof typeof GENERATORS;
type Secrets = Record<SecretName, string>;

/** Path of the generated-secrets file of a data dir. */
export function secretsPath(dataDir: string): string {
  return path.join(dataDir, 'secrets.json');
}

function readSecrets(file: string): Partial<Secrets> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(file, `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(file, `${file} is not valid JSON: restore it from a backup (deleting it makes encrypted signing keys unreadable)`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(file, `${file} must contain a JSON object`);
  const found: Partial<Secrets> = {};
  for (const name of Object.keys(GENERATORS) as SecretName[]) {
    const value = (parsed as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '') throw new ConfigError(file, `${name} in ${file} must be a non-empty string`);
    found[name] = value;
  }
  return found;
}

/** Writes `secrets` to a fresh 0600 temporary file next to `file` and returns its path. */
function writeTemporary(file: string, secrets: Secrets): string {
  const temporary = `${file}.${randomUUID()}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, JSON.stringify(secrets, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temporary;
}

/** The data dir's secrets, generating (and persisting) whichever are missing; `generated` names them. */
export function loadOrCreateSecrets(dataDir: string): { secrets: Secrets; generated: SecretName[] } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = secretsPath(dataDir);
  const existing = readSecrets(file);
  const generated = (Object.keys(GENERATORS) as SecretName[]).filter((name) => existing?.[name] === undefined);
  if (generated.length === 0) return { secrets: existing as Secrets, generated };
  const secrets = { ...existing } as Secrets;
  for (const name of generated) secrets[name] = GENERATORS[name]();
  const temporary = writeTemporary(file, secrets);
  try {
    if (existing === undefined) {
      try {
        linkSync(temporary, file);
      } catch (error) {
        // Another start created it first: use its values so every process agrees.
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSecrets(dataDir);
        throw error;
      }
    } else {
      // A file from an older version lacks a newer secret: keep its values, add the new ones.
      renameSync(temporary, file);
      return { secrets, generated };
    }
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed into place.
    }
  }
  return { secrets, generated };
}

/** `config` with the generated secrets as defaults of the loaded sections that lack them. */
export function withGeneratedSecrets(config: KestrelConfig, secrets: Secrets): KestrelConfig {
  const sections: Record<string, Readonly<Record<string, unknown>>> = { ...config.sections };
  const fill = (section: string, key: string, value: string | undefined) => {
    const current = sections[section];
    if (current === undefined || current[key] !== undefined || value === undefined) return;
    sections[section] = { ...current, [key]: value };
  };
  fill('portfolio', 'serviceToken', secrets.portfolioServiceToken);
  // Pairs with portfolio's effective token: an explicitly configured one wins over the generated.
  fill('order', 'portfolioServiceToken', (sections.portfolio?.serviceToken as string | undefined) ?? secrets.portfolioServiceToken);
  // The simulation reads the order service's risk settings with it (falls back to order.serviceToken).
  fill('order', 'serviceToken', secrets.orderServiceToken);
  // The execution service's simulation venue sends market-data's token (execution/src/app.ts).
  fill('market-data', 'serviceToken', secrets.marketDataServiceToken);
  fill('auth', 'keyEncryptionKey', secrets.authKeyEncryptionKey);
  // Seals the order credentials of strategy deployments (strategy/src/service/seal.ts).
  fill('strategy', 'credentialKey', secrets.strategyCredentialKey);
  return { ...config, sections };
}
