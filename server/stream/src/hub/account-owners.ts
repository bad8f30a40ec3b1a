// Who owns an account, read from the portfolio's documented table `portfolio_accounts`
// (docs/portfolio.md) — the stream service never imports the portfolio service. Invariant: an
// account's owner never changes, so a found owner is cached for the life of the process; an
// unknown account is not cached (it may be created a moment later). Known limit: the cache grows
// with the number of accounts seen (one short entry each).
import type pg from 'pg';

/** Account id → owner user id lookups. */
export class AccountOwners {
  readonly #db: pg.Pool;
  readonly #cache = new Map<string, string>();

  constructor(db: pg.Pool) {
    this.#db = db;
  }

  /** The owner of `accountId`, or null when there is no such account. */
  async ownerOf(accountId: string): Promise<string | null> {
    const cached = this.#cache.get(accountId);
    if (cached !== undefined) return cached;
    const { rows } = await this.#db.query<{ owner_user_id: string }>('SELECT owner_user_id FROM portfolio_accounts WHERE id = $1', [accountId]);
    const owner = rows[0]?.owner_user_id ?? null;
    if (owner !== null) this.#cache.set(accountId, owner);
    return owner;
  }
}
