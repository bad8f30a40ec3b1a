// The auth service's signing keys: the newest signs, every unretired one is published in the JWKS.
// Invariants: a new key is published in the JWKS `activationDelayMs` before it signs anything,
// so every verifier (which refetches the JWKS on an unknown kid at most every 30 s) knows it
// before the first token it signed arrives; at most one process generates a key at a time (transaction-scoped advisory lock), so
// replicas starting together do not create a burst of keys; a key older than the rotation period
// is replaced at the next `refresh`, and keys older than two periods are retired, which is far
// longer than any access token lives, so no valid token loses its key.
// Known limits: rotation is checked at start-up and every `refreshIntervalMs`, not at the second.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK } from 'jose';
import { withTransaction } from '@kestrel/server-common';
import type pg from 'pg';
import { decryptSecret, encryptSecret } from './domain/key-encryption.js';
import { insertSigningKey, listActiveSigningKeys, retireSigningKeysBefore } from './store/signing-keys.js';

/** The algorithm every access token is signed with (pinned by the verifier). */
export const SIGNING_ALGORITHM = 'EdDSA';
const GENERATE_LOCK = 0x6b657374_7201;
const DAY_MS = 86_400_000;

type PrivateKey = Awaited<ReturnType<typeof importJWK>>;

/** Options of a SigningKeyRing. */
export interface SigningKeyRingOptions {
  db: pg.Pool;
  rotationDays: number;
  /** 32-byte key-encryption key, or null to store private keys unencrypted. */
  encryptionKey: Buffer | null;
  /** How long a new key is only published before it signs (default 2 minutes). */
  activationDelayMs?: number;
  now?: () => number;
}

/** Loads, rotates and serves the signing keys. */
export class SigningKeyRing {
  #signing: { kid: string; key: PrivateKey } | undefined;
  #jwks: JSONWebKeySet = { keys: [] };

  constructor(private readonly options: SigningKeyRingOptions) {}

  /** The key new tokens are signed with. */
  get signingKey(): { kid: string; key: PrivateKey } {
    if (!this.#signing) throw new Error('signing keys not loaded: call refresh() first');
    return this.#signing;
  }

  /** The public keys to publish. */
  get jwks(): JSONWebKeySet {
    return this.#jwks;
  }

  /** Rotates if the newest key is too old (or none exists), retires old keys, reloads. */
  async refresh(): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    const period = this.options.rotationDays * DAY_MS;
    const current = await listActiveSigningKeys(this.options.db);
    if (current.length === 0 || now - current[0]!.createdAt.getTime() >= period) {
      await withTransaction(this.options.db, async (client) => {
        await client.query('select pg_advisory_xact_lock($1)', [GENERATE_LOCK]);
        const latest = await listActiveSigningKeys(client);
        if (latest.length === 0 || now - latest[0]!.createdAt.getTime() >= period) await this.#generate(client, now);
      });
    }
    await retireSigningKeysBefore(this.options.db, new Date(now - 2 * period));
    const keys = await listActiveSigningKeys(this.options.db);
    const delay = this.options.activationDelayMs ?? 120_000;
    // Newest key that has been published long enough; on a fresh install the only key there is.
    const active = keys.find((key) => now - key.createdAt.getTime() >= delay) ?? keys.at(-1)!;
    if (this.#signing?.kid !== active.kid) {
      this.#signing = { kid: active.kid, key: await importJWK(JSON.parse(this.#open(active)), SIGNING_ALGORITHM) };
    }
    this.#jwks = { keys: keys.map((key) => ({ ...(key.publicJwk as JWK), kid: key.kid, alg: key.alg, use: 'sig' })) };
  }

  /** Generates a new signing key now (admin-triggered rotation); it signs after the activation delay. */
  async rotate(): Promise<string> {
    const kid = await withTransaction(this.options.db, async (client) => {
      await client.query('select pg_advisory_xact_lock($1)', [GENERATE_LOCK]);
      return this.#generate(client, (this.options.now ?? Date.now)());
    });
    await this.refresh();
    return kid;
  }

  async #generate(client: pg.PoolClient, now: number): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { crv: 'Ed25519', extractable: true });
    const kid = randomUUID();
    const privateJson = JSON.stringify(await exportJWK(privateKey));
    const { encryptionKey } = this.options;
    await insertSigningKey(client, {
      kid,
      alg: SIGNING_ALGORITHM,
      publicJwk: (await exportJWK(publicKey)) as Record<string, unknown>,
      privateJwk: encryptionKey ? encryptSecret(encryptionKey, kid, privateJson) : privateJson,
      encrypted: encryptionKey !== null,
      createdAt: new Date(now),
    });
    return kid;
  }

  #open(key: { kid: string; privateJwk: string; encrypted: boolean }): string {
    if (!key.encrypted) return key.privateJwk;
    if (!this.options.encryptionKey) throw new Error(`signing key ${key.kid} is encrypted but no key-encryption key is configured`);
    return decryptSecret(this.options.encryptionKey, key.kid, key.privateJwk);
  }
}
