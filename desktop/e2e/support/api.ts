// Direct REST calls the end-to-end tests make to set the scene (users, 2FA, market data) and to
// check what the UI did (saved workspaces, preferences, orders) against the server's own state.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_DIR } from './build-renderer.js';

/** A failed call. */
export class SuiteCallError extends Error {}

/** A small authenticated client. */
export class SuiteApi {
  private credentials: { email: string; password: string } | null = null;

  constructor(
    readonly baseUrl: string,
    private token: string | null = null,
  ) {}

  async call<T>(method: string, route: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    let response = await this.send(method, route, body, contentType);
    if (response.status === 401 && this.credentials) {
      // Access tokens of the test suite are short-lived: sign in again like a client would refresh.
      await this.login(this.credentials.email, this.credentials.password);
      response = await this.send(method, route, body, contentType);
    }
    const text = await response.text();
    if (!response.ok) throw new SuiteCallError(`${method} ${route} answered ${response.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private send(method: string, route: string, body: unknown, contentType: string): Promise<Response> {
    return fetch(`${this.baseUrl}${route}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body !== undefined ? { 'content-type': contentType } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** Logs in (without 2FA) and keeps the access token. */
  async login(email: string, password: string): Promise<{ accessToken: string; refreshToken: string; mustChangePassword?: boolean }> {
    this.token = null;
    this.credentials = null;
    const tokens = await this.call<{ accessToken: string; refreshToken: string; mustChangePassword?: boolean }>('POST', '/v1/auth/login', { email, password });
    this.token = tokens.accessToken;
    this.credentials = { email, password };
    return tokens;
  }

  /** Changes the password and logs in again with it. */
  async changePassword(email: string, current: string, next: string): Promise<void> {
    await this.call('POST', '/v1/auth/password', { currentPassword: current, newPassword: next });
    await this.login(email, next);
  }

  /** Imports the shared GOOG daily OHLCV sample (2,148 bars). */
  async importGoogDaily(): Promise<{ bars: number }> {
    const csv = await readFile(path.join(REPO_DIR, '../shared/data/ohlcv/GOOG.csv'), 'utf8');
    return this.call('POST', '/v1/admin/market-data/imports/ohlcv?symbol=GOOG&interval=1d', csv, 'text/csv');
  }

  /** Imports the shared AAPL LOBSTER excerpt (book and trades of 2012-06-21 09:30:00-09:30:49). */
  async importAaplLobster(): Promise<{ trades: number }> {
    const folder = path.join(REPO_DIR, '../shared/data/lobster/aapl_l10_first999');
    return this.call('POST', '/v1/admin/market-data/imports/lobster', {
      symbol: 'AAPL',
      day: '2012-06-21',
      messages: await readFile(path.join(folder, 'AAPL_2012-06-21_34200000_57600000_message_10_first999.csv'), 'utf8'),
      orderbook: await readFile(path.join(folder, 'AAPL_2012-06-21_34200000_57600000_orderbook_10_first999.csv'), 'utf8'),
      offTickTrades: 'skip',
    });
  }
}
