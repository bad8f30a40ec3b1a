// The ownership matrix, driven by the live route table (every /v1 route of every registered
// service, as the gateway collected it):
//  - every non-admin route with a path parameter must declare `ownership` (a new owned route that
//    forgets it fails here), and every declared resource must have a fixture below — or declare
//    `shared` instead: data no user owns and every authenticated user may read (market data by
//    symbol), allowed on GET routes only;
//  - for each owned route, user B addressing user A's object gets 403/404, the answer does not
//    contain A's data, and A's object is unchanged afterwards;
//  - every parameterless GET a user can call, called by B, contains none of A's identifiers;
//  - every /v1/admin route refuses a trader with 403.
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { routeTable } from '@kestrel/server-gateway';
import { startHarness, type Harness, type TestUser } from './harness.js';

let h: Harness;
let a: TestUser;
let b: TestUser;
let serial = 0;

/** How to make user A own one object of a resource, and what a write to it looks like. */
interface Fixture {
  create(owner: TestUser): Promise<{ id: string; secrets: string[] }>;
  /** A's view of the object, to check that B's request changed nothing. */
  snapshot(owner: TestUser, id: string): Promise<string>;
  body?: Record<string, unknown>;
}

const FIXTURES: Record<string, Fixture> = {
  'api-key': {
    async create(owner) {
      const response = await h.call('POST', '/v1/api-keys', { token: owner.accessToken, body: { name: 'owned-key', scopes: ['read'] } });
      return { id: response.json().apiKey.id, secrets: ['owned-key', response.json().key] };
    },
    snapshot: async (owner, id) => (await h.call('GET', `/v1/api-keys/${id}`, { token: owner.accessToken })).body,
  },
  session: {
    async create(owner) {
      const response = await h.call('POST', '/v1/auth/login', { body: { email: owner.email, password: owner.password }, headers: { 'user-agent': 'owned-session-agent' } });
      const sessions = (await h.call('GET', '/v1/sessions', { token: response.json().accessToken })).json().sessions;
      const session = sessions.find((s: { current: boolean }) => s.current);
      return { id: session.id, secrets: ['owned-session-agent'] };
    },
    snapshot: async (owner, id) => JSON.stringify((await h.call('GET', '/v1/sessions', { token: owner.accessToken })).json().sessions.filter((s: { id: string }) => s.id === id).map((s: { id: string; lastUsedAt: string }) => s.id)),
  },
  workspace: {
    async create(owner) {
      const name = `owned-layout-${++serial}`;
      const response = await h.call('POST', '/v1/workspaces', { token: owner.accessToken, body: { name, layout: { panes: ['owned-pane'] } } });
      assert.equal(response.statusCode, 201, response.body);
      return { id: response.json().id, secrets: [name, 'owned-pane'] };
    },
    snapshot: async (owner, id) => (await h.call('GET', `/v1/workspaces/${id}`, { token: owner.accessToken })).body,
    body: { name: 'hijacked', layout: { panes: ['hijack'] } },
  },
  'market-data-replay': {
    async create(owner) {
      const response = await h.call('POST', '/v1/market-data/replays', {
        token: owner.accessToken,
        body: { symbol: 'AAPL', kind: 'trades', from: '2012-06-21T13:30:00Z', to: '2012-06-21T13:31:00Z' },
      });
      assert.equal(response.statusCode, 201, response.body);
      return { id: response.json().id, secrets: [] };
    },
    snapshot: async (owner, id) => (await h.call('GET', `/v1/market-data/replays/${id}`, { token: owner.accessToken })).body,
    body: { action: 'play' },
  },
  'portfolio-account': {
    async create(owner) {
      const name = `owned-account-${++serial}`;
      const response = await h.call('POST', '/v1/accounts', { token: owner.accessToken, body: { name, currency: 'USD', type: 'cash' } });
      assert.equal(response.statusCode, 201, response.body);
      return { id: response.json().id, secrets: [name] };
    },
    snapshot: async (owner, id) => (await h.call('GET', `/v1/accounts/${id}`, { token: owner.accessToken })).body,
    body: { amountMinor: 100, reference: 'hijack' },
  },
  // An order on the owner's account; the symbol is unknown to the order service, so it is stored
  // `rejected` at once and stays unchanged (no venue involved).
  order: {
    async create(owner) {
      const accountId = await ownedAccount(owner);
      const clientOrderId = `owned-order-${++serial}`;
      const response = await h.call('POST', '/v1/orders', {
        token: owner.accessToken,
        body: { clientOrderId, accountId, symbol: 'OWNED', side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots: 1, limitPriceTicks: 100 },
      });
      assert.equal(response.statusCode, 201, response.body);
      return { id: response.json().id, secrets: [clientOrderId, accountId] };
    },
    snapshot: async (owner, id) => (await h.call('GET', `/v1/orders/${id}`, { token: owner.accessToken })).body,
    body: { quantityLots: 2 },
  },
  'parent-order': {
    async create(owner) {
      const accountId = await ownedAccount(owner);
      const clientOrderId = `owned-parent-${++serial}`;
      const leg = { symbol: 'OWNED', side: 'sell', timeInForce: 'GTC', quantityLots: 1 };
      const response = await h.call('POST', '/v1/parent-orders', {
        token: owner.accessToken,
        body: { clientOrderId, accountId, strategy: { type: 'oco', legs: [{ ...leg, type: 'limit', limitPriceTicks: 200 }, { ...leg, type: 'stop_limit', stopPriceTicks: 90, limitPriceTicks: 89 }] } },
      });
      assert.equal(response.statusCode, 201, response.body);
      return { id: response.json().id, secrets: [clientOrderId, accountId] };
    },
    snapshot: async (owner, id) => (await h.call('GET', `/v1/parent-orders/${id}`, { token: owner.accessToken })).body,
  },
  // A tax report (empty: the account has no fills) and a schedule of one, on the owner's account.
  report: {
    async create(owner) {
      const accountId = await ownedAccount(owner);
      const name = `owned-report-${++serial}`;
      const period = { from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' };
      const response = await h.call('POST', '/v1/reports', { token: owner.accessToken, body: { name, definition: { kind: 'tax', format: 'csv', accountId, period } } });
      assert.equal(response.statusCode, 201, response.body);
      return { id: response.json().id, secrets: [name, accountId] };
    },
    snapshot: async (owner, id) => (await h.call('GET', `/v1/reports/${id}`, { token: owner.accessToken })).body,
  },
  'report-schedule': {
    async create(owner) {
      const accountId = await ownedAccount(owner);
      const name = `owned-schedule-${++serial}`;
      const response = await h.call('POST', '/v1/report-schedules', {
        token: owner.accessToken,
        body: { name, definition: { kind: 'trade-history', format: 'csv', accountId, period: { lookbackDays: 30 } }, cron: '0 6 * * 1' },
      });
      assert.equal(response.statusCode, 201, response.body);
      return { id: response.json().id, secrets: [name, accountId, response.json().reportId] };
    },
    snapshot: async (owner, id) => (await h.call('GET', `/v1/report-schedules/${id}`, { token: owner.accessToken })).body,
  },
  // A stored strategy, a deployment of it on the owner's account, and finished jobs (docs/strategies.md).
  strategy: {
    async create(owner) {
      const name = `owned-strategy-${++serial}`;
      const response = await h.call('POST', '/v1/strategies', { token: owner.accessToken, body: { name, builtin: 'sma-cross', note: 'owned-note' } });
      assert.equal(response.statusCode, 201, response.body);
      return { id: response.json().strategy.id, secrets: [name, 'owned-note'] };
    },
    snapshot: async (owner, id) => (await h.call('GET', `/v1/strategies/${id}/versions`, { token: owner.accessToken })).body,
    body: { builtin: 'sma-cross' },
  },
  'strategy-deployment': {
    async create(owner) {
      const accountId = await ownedAccount(owner);
      const strategy = await h.call('POST', '/v1/strategies', { token: owner.accessToken, body: { name: `owned-deployed-${++serial}`, builtin: 'sma-cross' } });
      assert.equal(strategy.statusCode, 201, strategy.body);
      const response = await h.call('POST', '/v1/strategy-deployments', {
        token: owner.accessToken,
        body: { strategyId: strategy.json().strategy.id, accountId, symbols: ['AAPL'], barInterval: '1m' },
      });
      assert.equal(response.statusCode, 201, response.body);
      return { id: response.json().id, secrets: [accountId, strategy.json().strategy.id] };
    },
    snapshot: async (owner, id) => {
      const { status, updatedAt, stoppedAt } = (await h.call('GET', `/v1/strategy-deployments/${id}`, { token: owner.accessToken })).json();
      return JSON.stringify({ status, updatedAt, stoppedAt });
    },
  },
  backtest: jobFixture('/v1/backtests', {}),
  optimisation: jobFixture('/v1/optimisations', { space: { fast: { values: [2, 3] } } }),
  'paper-account': paperAccountFixture({ amountMinor: 100, reference: 'hijack' }),
  'paper-account-reset': paperAccountFixture({}),
  'simulation-session': sessionFixture({ action: 'play' }),
  'simulation-session-orders': sessionFixture({ side: 'buy', type: 'limit', quantityLots: 1, limitPriceTicks: 100 }),
};

/** A finished backtest or optimisation job of `owner` over a small CSV (`extra`: the kind's own fields). */
function jobFixture(path: string, extra: Record<string, unknown>): Fixture {
  const csv = ['Date,Open,High,Low,Close,Volume', ...Array.from({ length: 40 }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')}T${String(Math.floor(i / 28)).padStart(2, '0')}:00:00Z,${100 + (i % 7)},${102 + (i % 7)},${99 + (i % 7)},${101 + (i % 5)},1000`)].join('\n');
  return {
    async create(owner) {
      const symbol = `OWNJOB${++serial}`;
      const response = await h.call('POST', path, {
        token: owner.accessToken,
        body: { strategy: { builtin: 'sma-cross' }, params: { fast: 2, slow: 5 }, data: { source: 'csv', csv, symbol }, ...extra },
      });
      assert.equal(response.statusCode, 202, response.body);
      const id = response.json().id as string;
      const deadline = Date.now() + 60_000;
      while (!['completed', 'failed'].includes((await h.call('GET', `${path}/${id}`, { token: owner.accessToken })).json().status as string)) {
        if (Date.now() > deadline) throw new Error(`${path}/${id} did not finish`);
        // Slow polling: the owner's requests count against its rate limit.
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      return { id, secrets: [symbol] };
    },
    snapshot: async (owner, id) => (await h.call('GET', `${path}/${id}`, { token: owner.accessToken })).body,
  };
}

/** A paper account of `owner` (docs/simulation.md); `body` is what writes to it send. */
function paperAccountFixture(body: Record<string, unknown>): Fixture {
  return {
    async create(owner) {
      const name = `owned-paper-${++serial}`;
      const response = await h.call('POST', '/v1/paper-accounts', { token: owner.accessToken, body: { name } });
      assert.equal(response.statusCode, 201, response.body);
      return { id: response.json().id, secrets: [name, response.json().accountId] };
    },
    snapshot: async (owner, id) => (await h.call('GET', `/v1/paper-accounts/${id}`, { token: owner.accessToken })).body,
    body,
  };
}

/** A paused replay session of one of `owner`'s paper accounts; `body` is what writes to it send. */
function sessionFixture(body: Record<string, unknown>): Fixture {
  return {
    async create(owner) {
      const paper = await h.call('POST', '/v1/paper-accounts', { token: owner.accessToken, body: { name: `owned-session-paper-${++serial}` } });
      assert.equal(paper.statusCode, 201, paper.body);
      const response = await h.call('POST', '/v1/replay-sessions', {
        token: owner.accessToken,
        body: { paperAccountId: paper.json().id, symbol: 'AAPL', kind: 'trades', from: '2012-06-21T13:30:00Z', to: '2012-06-21T13:31:00Z' },
      });
      assert.equal(response.statusCode, 201, response.body);
      return { id: response.json().id, secrets: [paper.json().id, paper.json().accountId, response.json().tradingSymbol] };
    },
    snapshot: async (owner, id) => (await h.call('GET', `/v1/replay-sessions/${id}`, { token: owner.accessToken })).body,
    body,
  };
}

/** A fresh account of `owner` (its id is one more secret B must never see). */
async function ownedAccount(owner: TestUser): Promise<string> {
  const response = await h.call('POST', '/v1/accounts', { token: owner.accessToken, body: { name: `owned-trading-${++serial}`, currency: 'USD', type: 'cash' } });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().id;
}

before(async () => {
  // The simulation service funds paper accounts through the portfolio's internal routes.
  // Strategy deployments keep a sealed order credential. The simulation venue stays off: without a
  // market-data token its refused ingest calls would fill the anonymous rate limit this test's
  // logins share once the run lasts longer than the one-minute window.
  h = await startHarness({
    KESTREL_PORTFOLIO_SERVICE_TOKEN: randomBytes(24).toString('hex'),
    // Replay sessions read their account's risk settings from the order service with its token.
    KESTREL_ORDER_SERVICE_TOKEN: randomBytes(24).toString('hex'),
    KESTREL_EXECUTION_SIMULATION: 'off',
    KESTREL_STRATEGY_CREDENTIAL_KEY: randomBytes(32).toString('hex'),
    KESTREL_STRATEGY_MAX_JOBS_PER_USER: '20',
  });
  a = await h.user('trader');
  b = await h.user('trader');
});
after(() => h?.close());

const isAdminRoute = (url: string) => url.startsWith('/v1/admin');
const isShared = (config: Record<string, unknown>) => config.shared !== undefined;
/** /v1/internal routes answer other services (service token) or system admins, never a user about their own resources. */
const isInternal = (config: Record<string, unknown>) => config.internal === true;

test('every user-facing route with a path parameter declares ownership, with a known resource', () => {
  const table = routeTable(h.app);
  assert.ok(table.length > 20, `the route table has the services' routes (${table.length})`);
  for (const route of table.filter((r) => r.hasParams && !isAdminRoute(r.url) && !isShared(r.config) && !isInternal(r.config))) {
    const ownership = route.config.ownership as { resource?: string; param?: string } | undefined;
    assert.ok(ownership, `${route.method} ${route.url} has a path parameter but declares no ownership`);
    assert.ok(ownership.resource && FIXTURES[ownership.resource], `${route.method} ${route.url}: no ownership fixture for resource "${ownership.resource}"`);
    assert.ok(ownership.param && route.url.includes(`:${ownership.param}`), `${route.method} ${route.url}: ownership param "${ownership.param}" is not in the path`);
  }
});

test('routes that declare `shared` instead of ownership only read, and name their path parameter', () => {
  for (const route of routeTable(h.app).filter((r) => isShared(r.config))) {
    const shared = route.config.shared as { param?: string };
    assert.equal(route.method, 'GET', `${route.method} ${route.url}: only reads may be shared`);
    assert.equal(route.config.ownership, undefined, `${route.url}: shared or owned, not both`);
    assert.ok(shared.param && route.url.includes(`:${shared.param}`), `${route.url}: shared param "${shared.param}" is not in the path`);
  }
});

test('user B cannot read or change user A\'s objects through any owned route, and learns nothing', async () => {
  const owned = routeTable(h.app).filter((r) => r.config.ownership !== undefined);
  assert.ok(owned.length >= 6, `owned routes found: ${owned.length}`);
  for (const route of owned) {
    const { resource, param } = route.config.ownership as { resource: string; param: string };
    const fixture = FIXTURES[resource]!;
    const object = await fixture.create(a);
    const before = await fixture.snapshot(a, object.id);
    // Other path parameters get a value the object has (a strategy's version 1).
    const url = route.url.replace(`:${param}`, object.id).replace(/:version\b/, '1');
    const response = await h.call(route.method, url, { token: b.accessToken, ...(['PUT', 'PATCH', 'POST'].includes(route.method) ? { body: fixture.body ?? {} } : {}) });
    const label = `${route.method} ${route.url} as B`;
    assert.ok([403, 404].includes(response.statusCode), `${label} answered ${response.statusCode}: ${response.body}`);
    for (const secret of [object.id, a.id, a.email, ...object.secrets]) {
      assert.ok(!response.body.includes(secret), `${label} leaked ${secret}`);
    }
    assert.equal(await fixture.snapshot(a, object.id), before, `${label} changed A's object`);
  }
});

test('parameterless reads by B never contain A\'s identifiers', async () => {
  const objects = await Promise.all(Object.values(FIXTURES).map((fixture) => fixture.create(a)));
  const secrets = [a.id, a.email, ...objects.flatMap((object) => [object.id, ...object.secrets])];
  const reads = routeTable(h.app).filter((r) => r.method === 'GET' && !r.hasParams && !isAdminRoute(r.url) && r.config.auth !== 'public');
  assert.ok(reads.length >= 5);
  for (const route of reads) {
    const response = await h.call('GET', route.url, { token: b.accessToken });
    for (const secret of secrets) assert.ok(!response.body.includes(secret), `GET ${route.url} as B leaked ${secret}`);
  }
});

test('every admin route refuses a trader (403) before touching anything', async () => {
  const adminRoutes = routeTable(h.app).filter((r) => isAdminRoute(r.url));
  assert.ok(adminRoutes.length >= 10);
  for (const route of adminRoutes) {
    const url = route.url.replace(/:id/g, a.id).replace(/:role/g, 'trader');
    const response = await h.call(route.method, url, { token: b.accessToken, ...(['PUT', 'PATCH', 'POST'].includes(route.method) ? { body: {} } : {}) });
    assert.equal(response.statusCode, 403, `${route.method} ${route.url}: ${response.body}`);
  }
});
