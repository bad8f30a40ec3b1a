// The scene of the trading end-to-end test and the ticket latency benchmark: a suite whose
// order, execution (engine + simulation venue quoting AAPL around 190.00) and portfolio services
// run in-process, a trader with a funded cash account, AAPL open around the clock (the
// simulation trades at any hour, and so must the tests), and the order service accepting AAPL.
import { ALWAYS_OPEN } from '@kestrel/shared';
import { SuiteApi } from './api.js';
import { startTestSuite, type TestSuite } from './suite.js';

/** The trader every trading scene signs in as. */
export const TRADER = { email: 'trader@kestrel.test', password: 'trading-desk-pass-5512' };

/** A running trading scene. */
export interface TradingDesk {
  suite: TestSuite;
  trader: SuiteApi;
  accountId: string;
}

/** Starts the suite and sets the scene. */
export async function startTradingDesk(): Promise<TradingDesk> {
  const suite = await startTestSuite({
    KESTREL_PORTFOLIO_SERVICE_TOKEN: 'e2e-portfolio-token-0123456789abcdefghij',
    KESTREL_MARKET_DATA_SERVICE_TOKEN: 'e2e-market-data-token-0123456789abcdefgh',
  });
  try {
    const admin = new SuiteApi(suite.url);
    await admin.login(suite.adminEmail, suite.adminOneTimePassword);
    await admin.changePassword(suite.adminEmail, suite.adminOneTimePassword, 'trading-admin-pass-8820');
    const { user } = await admin.call<{ user: { id: string } }>('POST', '/v1/admin/users', { email: TRADER.email, role: 'trader', password: TRADER.password });
    const account = await admin.call<{ id: string }>('POST', '/v1/accounts', { name: 'Day trading', currency: 'USD', type: 'cash', ownerUserId: user.id });
    await admin.call('POST', `/v1/accounts/${account.id}/deposits`, { amountMinor: 10_000_000, reference: 'e2e-initial-deposit' });
    const trader = new SuiteApi(suite.url);
    await trader.login(TRADER.email, TRADER.password);
    // The demo AAPL keeps NASDAQ hours: open it all day, then wait until the order service applies it.
    const [aapl] = (await admin.call<{ instruments: Array<Record<string, unknown>> }>('GET', '/v1/market-data/instruments?symbol=AAPL')).instruments;
    await admin.call('PUT', '/v1/admin/market-data/instruments/AAPL', { ...aapl, tradingHours: ALWAYS_OPEN });
    // The portfolio values fills with the instrument's economics; in the embedded shape nothing
    // copies market-data's instruments into it yet, so the scene does (docs/portfolio.md).
    await admin.call('PUT', '/v1/internal/instruments', { instruments: [{ ...aapl, tradingHours: ALWAYS_OPEN }] });
    for (let attempt = 0; ; attempt++) {
      const probe = await trader.call<{ id: string; status: string; rejectReason: string | null }>('POST', '/v1/orders', {
        clientOrderId: `e2e-probe-${attempt}`,
        accountId: account.id,
        symbol: 'AAPL',
        side: 'buy',
        type: 'limit',
        timeInForce: 'DAY',
        quantityLots: 1,
        limitPriceTicks: 10000,
      });
      if (probe.status !== 'rejected') {
        await trader.call('DELETE', `/v1/orders/${probe.id}`);
        break;
      }
      if (attempt > 40) throw new Error(`AAPL orders are still refused: ${probe.rejectReason}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return { suite, trader, accountId: account.id };
  } catch (error) {
    await suite.stop();
    throw error;
  }
}
