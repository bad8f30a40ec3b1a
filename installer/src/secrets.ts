// The installation's secrets: generated once on first install, kept in .env, never regenerated or
// overwritten (rotating the database password or the key-encryption key would lock Kestrel out of
// its own data). A second `install` or an `upgrade` reuses every value already present and only
// fills in secrets that are missing (e.g. one a newer version introduced).
import { randomBytes } from 'node:crypto';
import { readEnvFile, writeEnvFile } from './env-file.js';

/** How each secret is generated (all from node:crypto's CSPRNG). */
export const SECRET_GENERATORS: Readonly<Record<string, () => string>> = {
  POSTGRES_PASSWORD: () => randomBytes(24).toString('base64url'),
  REDIS_PASSWORD: () => randomBytes(24).toString('base64url'),
  MINIO_ROOT_USER: () => `kestrel-${randomBytes(6).toString('hex')}`,
  MINIO_ROOT_PASSWORD: () => randomBytes(24).toString('base64url'),
  GRAFANA_ADMIN_PASSWORD: () => randomBytes(18).toString('base64url'),
  // Base64 of 32 bytes: the auth service's AES-256-GCM key for signing keys at rest.
  KESTREL_AUTH_KEY_ENCRYPTION_KEY: () => randomBytes(32).toString('base64'),
  KESTREL_PORTFOLIO_SERVICE_TOKEN: () => randomBytes(32).toString('base64url'),
  KESTREL_MARKET_DATA_SERVICE_TOKEN: () => randomBytes(32).toString('base64url'),
  KESTREL_ORDER_SERVICE_TOKEN: () => randomBytes(32).toString('base64url'),
  // 64 hex digits: the strategy service's AES-256-GCM key for deployments' order credentials.
  KESTREL_STRATEGY_CREDENTIAL_KEY: () => randomBytes(32).toString('hex'),
  // KRaft cluster id: 16 random bytes, base64url (22 characters), as `kafka-storage random-uuid` makes.
  KAFKA_CLUSTER_ID: () => randomBytes(16).toString('base64url'),
};

/** Which secrets this call created and which it found already set. */
export interface SecretsOutcome {
  created: string[];
  kept: string[];
}

/** Fills in every missing secret of `envFile`; never changes one that is set. */
export function ensureSecrets(envFile: string, generators: Readonly<Record<string, () => string>> = SECRET_GENERATORS): SecretsOutcome {
  const env = readEnvFile(envFile);
  const created: string[] = [];
  const kept: string[] = [];
  const updates: Record<string, string> = {};
  for (const [key, generate] of Object.entries(generators)) {
    if (env.values.get(key)) kept.push(key);
    else {
      updates[key] = generate();
      created.push(key);
    }
  }
  if (created.length > 0) writeEnvFile(envFile, env, updates);
  return { created, kept };
}
