// Paper trading of the simulation service (server/simulation, docs/simulation.md): paper accounts
// (open and fund in one call, top up, reset, performance) and replay sessions (a paper account
// trading a historical replay of one symbol: play, pause, seek, speed, paper orders). Shapes
// mirror server/simulation/src/routes/schemas.ts; money is minor units, prices ticks, sizes lots.
import type { Account } from '@kestrel/shared';
import type { HttpClient } from './http-client.js';

/** A paper account: a portfolio cash account plus its generations (one per reset). */
export interface PaperAccount {
  id: string;
  name: string;
  currency: string;
  initialCashMinor: number;
  state: 'opening' | 'active';
  accountId: string;
  generation: number;
  createdAt: string;
  resetAt: string | null;
  account: Account | null;
  generations: Array<{ generation: number; accountId: string; openedAt: string; archivedAt: string | null }>;
}

/** Statistics of a paper account's current generation. */
export interface PaperPerformance {
  paperAccountId: string;
  accountId: string;
  from: string;
  to: string;
  interval: string;
  periods: number;
  skippedPeriods: number;
  startEquityMinor: number | null;
  endEquityMinor: number | null;
  totalPnlMinor: number;
  totalReturn: number;
  maxDrawdown: number;
  volatility: number | null;
  sharpe: number | null;
  winRate: number | null;
  bestPeriodReturn: number | null;
  worstPeriodReturn: number | null;
}

/** A replay speed: a multiple of real time, or as fast as possible. */
export type ReplaySpeed = number | 'max';

/** Body of POST /v1/replay-sessions. */
export interface CreateSessionRequest {
  paperAccountId: string;
  symbol: string;
  kind: 'trades' | 'bars';
  interval?: string;
  from: string;
  to: string;
  speed?: ReplaySpeed;
  play?: boolean;
}

/** A replay session. */
export interface ReplaySession {
  id: string;
  paperAccountId: string;
  accountId: string;
  symbol: string;
  /** `<SYMBOL>.R<8 hex>`: the symbol its prints, fills and marks live under. */
  tradingSymbol: string;
  kind: 'trades' | 'bars';
  interval: string | null;
  replay: { id: string; state: 'paused' | 'playing' | 'finished' | 'closed'; speed: ReplaySpeed; from: string; to: string; position: string; emitted: number } | null;
  prints: number;
  fills: number;
  lastPriceTicks: number | null;
  lastPrintAt: string | null;
  openOrders: number;
}

/** A replay control command. */
export type ReplayControl = { action: 'play' } | { action: 'pause' } | { action: 'seek'; time: string } | { action: 'speed'; speed: ReplaySpeed };

/** Body of POST /v1/replay-sessions/{id}/orders. */
export interface ReplayOrderRequest {
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  quantityLots: number;
  limitPriceTicks?: number;
  clientOrderId?: string;
}

/** A paper order of a session. */
export interface ReplayOrder {
  id: string;
  clientOrderId: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  limitPriceTicks: number | null;
  quantityLots: number;
  filledLots: number;
  averagePriceTicks: number | null;
  status: 'pending' | 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected';
  reason: string | null;
  createdAt: string;
  placedAt: string | null;
}

const paperPath = (id: string) => `/v1/paper-accounts/${encodeURIComponent(id)}`;
const sessionPath = (id: string) => `/v1/replay-sessions/${encodeURIComponent(id)}`;

/** The simulation calls. */
export class SimulationApi {
  constructor(private readonly http: HttpClient) {}

  /** Opens and funds a paper account; `{}` takes the service's defaults. */
  openPaperAccount(request: { name?: string; currency?: string; initialCashMinor?: number } = {}): Promise<PaperAccount> {
    return this.http.post('/v1/paper-accounts', request);
  }

  async paperAccounts(): Promise<PaperAccount[]> {
    return (await this.http.get<{ paperAccounts: PaperAccount[] }>('/v1/paper-accounts')).paperAccounts;
  }

  fund(id: string, amountMinor: number, reference: string): Promise<PaperAccount> {
    return this.http.post(`${paperPath(id)}/deposits`, { amountMinor, reference });
  }

  reset(id: string, initialCashMinor?: number): Promise<PaperAccount> {
    return this.http.post(`${paperPath(id)}/reset`, initialCashMinor === undefined ? {} : { initialCashMinor });
  }

  performance(id: string): Promise<PaperPerformance> {
    return this.http.get(`${paperPath(id)}/performance`);
  }

  createSession(request: CreateSessionRequest): Promise<ReplaySession> {
    return this.http.post('/v1/replay-sessions', request);
  }

  async sessions(): Promise<ReplaySession[]> {
    return (await this.http.get<{ sessions: ReplaySession[] }>('/v1/replay-sessions')).sessions;
  }

  session(id: string): Promise<ReplaySession> {
    return this.http.get(sessionPath(id));
  }

  control(id: string, command: ReplayControl): Promise<ReplaySession> {
    return this.http.post(`${sessionPath(id)}/control`, command);
  }

  async endSession(id: string): Promise<void> {
    await this.http.delete(sessionPath(id));
  }

  placeOrder(id: string, request: ReplayOrderRequest): Promise<ReplayOrder> {
    return this.http.post(`${sessionPath(id)}/orders`, request);
  }

  async orders(id: string): Promise<ReplayOrder[]> {
    return (await this.http.get<{ orders: ReplayOrder[] }>(`${sessionPath(id)}/orders`)).orders;
  }

  async cancelOrder(id: string, orderId: string): Promise<void> {
    await this.http.delete(`${sessionPath(id)}/orders/${encodeURIComponent(orderId)}`);
  }
}
