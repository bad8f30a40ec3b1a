// Keeps the auth service's JSON Web Key Set and resolves a token's `kid` to a public key.
// The set comes from a `fetchJwks` function: an in-process request in the embedded shape, an
// HTTP GET of the auth service's /v1/auth/jwks in the suite.
// Invariants: only keys whose `alg` is the pinned algorithm are ever returned; an unknown `kid`
// triggers at most one refetch per `cooldownMs` (a key rotation is picked up within that time,
// and a flood of random kids cannot turn into a flood of fetches).
import { importJWK, type JSONWebKeySet, type JWK, type JWSHeaderParameters } from 'jose';

/** Where the key set comes from. */
export type FetchJwks = () => Promise<JSONWebKeySet>;

type PublicKey = Awaited<ReturnType<typeof importJWK>>;

/** Options of a JwksCache. */
export interface JwksCacheOptions {
  fetchJwks: FetchJwks;
  algorithm: string;
  /** Refetch at most this often on a miss. */
  cooldownMs?: number;
  /** Refetch when the set is older than this, even without a miss. */
  maxAgeMs?: number;
  now?: () => number;
}

/** A kid → key resolver with bounded refetching, usable as jose's key function. */
export class JwksCache {
  #keys = new Map<string, PublicKey>();
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #inflight: Promise<void> | undefined;

  constructor(private readonly options: JwksCacheOptions) {}

  /** Resolves the key for a JWS header, or throws when the kid is unknown after a refresh. */
  async getKey(header: JWSHeaderParameters): Promise<PublicKey> {
    const kid = header.kid;
    if (typeof kid !== 'string') throw new Error('token has no kid');
    const now = (this.options.now ?? Date.now)();
    const age = now - this.#fetchedAt;
    const stale = age > (this.options.maxAgeMs ?? 300_000);
    if (stale || (!this.#keys.has(kid) && age > (this.options.cooldownMs ?? 30_000))) await this.#refresh(now);
    const key = this.#keys.get(kid);
    if (!key) throw new Error(`unknown kid ${kid}`);
    return key;
  }

  #refresh(now: number): Promise<void> {
    this.#inflight ??= (async () => {
      try {
        const set = await this.options.fetchJwks();
        const keys = new Map<string, PublicKey>();
        for (const jwk of set.keys as JWK[]) {
          if (typeof jwk.kid !== 'string' || jwk.alg !== this.options.algorithm) continue;
          keys.set(jwk.kid, await importJWK(jwk, this.options.algorithm));
        }
        this.#keys = keys;
        this.#fetchedAt = now;
      } finally {
        this.#inflight = undefined;
      }
    })();
    return this.#inflight;
  }
}
