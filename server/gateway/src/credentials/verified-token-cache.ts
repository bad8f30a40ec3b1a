// Remembers access tokens this process has already verified, so a trader's stream of requests
// with one token costs one signature check, not one per request (an EdDSA verify is the largest
// part of the gateway's CPU per request). Invariants: only tokens that passed verifyAccessToken
// are stored; an entry is used only before its token's `exp` and for at most `maxAgeMs` after it
// was verified, so a key removed from the JWKS stops being honoured within that age; a token is
// the whole compact JWT (signature included), so a modified token never matches. Known limit: the
// cache is per process and bounded (the oldest entry is dropped first); it does not change the
// documented revocation rule (an access token is valid until it expires).
import type { Principal } from './principal.js';

/** Entries kept at most. */
const MAX_ENTRIES = 20_000;

interface Entry {
  principal: Principal;
  validUntilMs: number;
}

/** Verified access tokens and their principals. */
export class VerifiedTokenCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxAgeMs: number;

  constructor(maxAgeMs: number) {
    this.#maxAgeMs = maxAgeMs;
  }

  /** The principal of a token verified before and still valid at `nowMs`, or null. */
  get(token: string, nowMs: number): Principal | null {
    const entry = this.#entries.get(token);
    if (entry === undefined) return null;
    if (nowMs >= entry.validUntilMs) {
      this.#entries.delete(token);
      return null;
    }
    return entry.principal;
  }

  /** Stores a token that just passed verification at `nowMs` (a token without `exp` is not stored). */
  set(token: string, principal: Principal, nowMs: number): void {
    if (principal.expiresAtMs === undefined || this.#maxAgeMs <= 0) return;
    const validUntilMs = Math.min(principal.expiresAtMs, nowMs + this.#maxAgeMs);
    if (validUntilMs <= nowMs) return;
    this.#entries.set(token, { principal, validUntilMs });
    if (this.#entries.size > MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
