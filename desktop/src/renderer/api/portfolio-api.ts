// Portfolio REST calls (server/portfolio, docs/portfolio.md): the caller's accounts, positions
// with marks and P&L, and the P&L history of an account.
import type { Account, PnlPoint, Position } from '@kestrel/shared';
import type { HttpClient } from './http-client.js';

/** The portfolio calls. */
export class PortfolioApi {
  constructor(private readonly http: HttpClient) {}

  async accounts(): Promise<Account[]> {
    return (await this.http.get<{ accounts: Account[] }>('/v1/accounts')).accounts;
  }

  openAccount(body: { name: string; currency: string; type: 'cash' | 'margin' }): Promise<Account> {
    return this.http.post('/v1/accounts', body);
  }

  async positions(accountId?: string): Promise<Position[]> {
    return (await this.http.get<{ positions: Position[] }>('/v1/positions', { query: { accountId } })).positions;
  }

  pnl(accountId: string, interval = '1h'): Promise<{ current: PnlPoint; points: PnlPoint[]; currency: string }> {
    return this.http.get('/v1/pnl', { query: { accountId, interval } });
  }
}
