// Which accounts exist and whose they are, as the portfolio service says. Orders are placed on an
// account id; before anything is recorded the caller must be allowed to see that account, and the
// order is filed under the account's owner. Invariants: a lookup goes to the portfolio with the
// caller's own credential, so the portfolio's ownership rule is the only one; an account's owner
// never changes, so once known it is reused to refuse other users at once; the account status
// (which can change) is reused for at most `ttlMs`. Known limit: the cache is per process and
// bounded (oldest entries dropped first).
import { mayView, type Caller } from '../access.js';
import { PortfolioUnavailable, type AccountSummary, type ForwardedCredentials, type PortfolioClient } from '../clients/portfolio-client.js';
import { orderError } from '../errors.js';

const MAX_ENTRIES = 10_000;

/** Account lookups with a small cache. */
export class AccountDirectory {
  readonly #portfolio: PortfolioClient;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, { account: AccountSummary; fetchedAt: number }>();

  constructor(portfolio: PortfolioClient, ttlMs: number) {
    this.#portfolio = portfolio;
    this.#ttlMs = ttlMs;
  }

  /** The account, if the caller may use it; ORDER_ACCOUNT_NOT_FOUND or ORDER_PORTFOLIO_UNAVAILABLE otherwise. */
  async resolve(caller: Caller, credentials: ForwardedCredentials, accountId: string): Promise<AccountSummary> {
    const cached = this.#cache.get(accountId);
    if (cached && !mayView(caller, cached.account.ownerUserId)) throw orderError('ORDER_ACCOUNT_NOT_FOUND', 'No such account');
    if (cached && Date.now() - cached.fetchedAt < this.#ttlMs) return cached.account;
    let account: AccountSummary | null;
    try {
      account = await this.#portfolio.account(credentials, accountId);
    } catch (error) {
      if (error instanceof PortfolioUnavailable) throw orderError('ORDER_PORTFOLIO_UNAVAILABLE', 'The portfolio service could not be asked about the account; retry later');
      throw error;
    }
    if (!account) throw orderError('ORDER_ACCOUNT_NOT_FOUND', 'No such account');
    this.#cache.delete(accountId);
    this.#cache.set(accountId, { account, fetchedAt: Date.now() });
    if (this.#cache.size > MAX_ENTRIES) this.#cache.delete(this.#cache.keys().next().value!);
    return account;
  }
}
