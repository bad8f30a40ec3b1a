// The scene of the trading end-to-end test and the ticket latency benchmark: a suite whose
// order, execution (engine + simulation venue quoting AAPL around 190.00) and portfolio services
// run in-process, a trader with a funded cash account, and the order service accepting AAPL (the
// demo instruments trade around the clock, so the tests run at any hour).
import type { SuiteApi } from './api.js';
import { createUser, firstAdmin } from './session.js';
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
    const admin = await firstAdmin(suite, 'trading-admin-pass-8820');
    const { id: userId, api: trader } = await createUser(admin, suite.url, TRADER);
    const account = await admin.call<{ id: string }>('POST', '/v1/accounts', { name: 'Day trading', currency: 'USD', type: 'cash', ownerUserId: userId });
    await admin.call('POST', `/v1/accounts/${account.id}/deposits`, { amountMinor: 10_000_000, reference: 'e2e-initial-deposit' });
    // The demo AAPL trades around the clock and reaches the order service on instruments.updated
    // at start: wait until an AAPL order is accepted.
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
