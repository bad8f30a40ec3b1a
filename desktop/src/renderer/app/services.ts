// Everything the UI talks to, created once per page: the HTTP client and the API wrappers, the
// session, the live market feed, the trading gateway (picked by what the suite offers), the
// instrument cache, preferences, alerts and the command bus. Panels reach these through React context
// (services-context.tsx), never through globals, so a popout window shares the main window's
// instances.
import type { Instrument, Order } from '@kestrel/shared';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { AdminApi } from '../api/admin-api.js';
import { ApiError } from '../api/api-error.js';
import { AuthApi } from '../api/auth-api.js';
import { loadCapabilities, type Capabilities } from '../api/capabilities.js';
import { HttpClient } from '../api/http-client.js';
import { MarketDataApi } from '../api/market-data-api.js';
import { PortfolioApi } from '../api/portfolio-api.js';
import { RiskApi } from '../api/risk-api.js';
import { StrategyApi } from '../api/strategy-api.js';
import { UserApi } from '../api/user-api.js';
import { AlertsController } from '../features/alerts/alerts-controller.js';
import { thresholdIsPrice } from '../features/alerts/alert-rule.js';
import { SessionController } from '../features/auth/session-controller.js';
import { formatPrice } from '../features/market/format.js';
import { PollingMarketFeed, type MarketFeed } from '../features/market/market-feed.js';
import { PreferencesController } from '../features/preferences/preferences-store.js';
import { StreamClient } from '../features/stream/stream-client.js';
import { StreamingMarketFeed } from '../features/stream/streaming-market-feed.js';
import { createOrderGateway, type OrderGateway } from '../features/trading/order-gateway.js';
import { TradingFeed } from '../features/trading/trading-feed.js';
import type { Platform } from '../platform/platform.js';
import { CommandBus } from './command-bus.js';
import { notify } from './toasts.js';

/** Instruments by symbol. */
export interface InstrumentsState {
  bySymbol: ReadonlyMap<string, Instrument>;
  loaded: boolean;
}

/** The app's services. */
export interface AppServices {
  platform: Platform;
  http: HttpClient;
  auth: AuthApi;
  user: UserApi;
  marketData: MarketDataApi;
  portfolio: PortfolioApi;
  admin: AdminApi;
  risk: RiskApi;
  /** The strategy service: strategies, deployments, backtest jobs. */
  strategies: StrategyApi;
  session: SessionController;
  feed: MarketFeed;
  preferences: PreferencesController;
  /** Price and indicator alerts (watched while the workstation is open). */
  alerts: AlertsController;
  commands: CommandBus;
  instruments: StoreApi<InstrumentsState>;
  /** Set once signed in (capabilities of the suite). */
  capabilities: Capabilities | null;
  orders: OrderGateway;
  /** The trader's accounts, positions, orders and fills. */
  trading: TradingFeed;
  /** The WebSocket stream (used when the suite has /v1/stream). */
  stream: StreamClient;
  /** Reads what the suite offers and the instruments; called after sign-in. */
  connect(): Promise<void>;
}

/**
 * Whether the suite serves the WebSocket stream. The upgrade route is kept out of the OpenAPI
 * document, so ask it: a plain GET of /v1/stream answers 426 (upgrade required) where it exists
 * and 404 where it does not.
 */
async function hasStream(http: HttpClient): Promise<boolean> {
  try {
    await http.get('/v1/stream');
    return false;
  } catch (error) {
    return error instanceof ApiError && error.status === 426;
  }
}

/** Creates the services for a platform. */
export function createServices(platform: Platform): AppServices {
  const http = new HttpClient('');
  const auth = new AuthApi(http);
  const user = new UserApi(http);
  const marketData = new MarketDataApi(http);
  const session = new SessionController(auth, platform);
  http.useCredentials(session);
  const instruments = createStore<InstrumentsState>(() => ({ bySymbol: new Map(), loaded: false }));
  const polling = new PollingMarketFeed(marketData);
  const stream = new StreamClient(
    () => platform.streamUrl(),
    () => session.accessToken(),
  );
  let stopOwnData: Array<() => void> = [];
  const preferences = new PreferencesController(user, (error) => notify('error', `Preferences: ${error instanceof Error ? error.message : String(error)}`));
  const services: AppServices = {
    platform,
    http,
    auth,
    user,
    marketData,
    portfolio: new PortfolioApi(http),
    admin: new AdminApi(http),
    risk: new RiskApi(http),
    strategies: new StrategyApi(http),
    session,
    feed: polling,
    stream,
    preferences,
    alerts: new AlertsController(
      preferences,
      { feed: () => services.feed, history: (symbol, interval, count) => marketData.latestBars(symbol, interval, count) },
      (rule, value) => (thresholdIsPrice(rule.subject) ? formatPrice(instruments.getState().bySymbol.get(rule.symbol), Math.round(value)) : value.toFixed(2)),
    ),
    commands: new CommandBus(),
    instruments,
    capabilities: null,
    orders: createOrderGateway(http, { paths: new Map(), has: () => false }),
    trading: new TradingFeed(new PortfolioApi(http), () => services.orders),
    async connect() {
      const capabilities = await loadCapabilities(http).catch(() => null);
      services.capabilities = capabilities;
      if (capabilities) services.orders = createOrderGateway(http, capabilities);
      stopOwnData.forEach((stop) => stop());
      stopOwnData = [];
      if (await hasStream(http)) {
        services.feed = new StreamingMarketFeed(stream, polling);
        // Own orders and positions change on the server (fills, cancels): an order update goes into
        // the orders list as it is; what it changes elsewhere (fills, positions) is re-read at once.
        const later = (refresh: () => void) => {
          let pending: ReturnType<typeof setTimeout> | null = null;
          return () => {
            if (pending) return;
            pending = setTimeout(() => {
              pending = null;
              refresh();
            }, 100);
          };
        };
        const refreshAll = later(() => services.trading.refresh());
        const refreshAfterOrder = later(() => services.trading.refreshAfterOrder());
        const orderUpdate = (data: unknown) => {
          const update = data as { kind?: string; order?: Order } | null;
          if (update?.kind !== 'order' || !update.order) return refreshAll();
          services.trading.orderUpdated(update.order);
          refreshAfterOrder();
        };
        stopOwnData = [stream.subscribe({ channel: 'positions' }, { snapshot: refreshAll, delta: refreshAll })];
        if (services.orders.available) stopOwnData.push(stream.subscribe({ channel: 'orders' }, { snapshot: refreshAll, delta: orderUpdate }));
      } else {
        services.feed = polling;
      }
      await services.preferences.load();
      try {
        const list = await marketData.instruments();
        instruments.setState({ bySymbol: new Map(list.map((instrument) => [instrument.symbol, instrument])), loaded: true });
      } catch (error) {
        instruments.setState({ bySymbol: new Map(), loaded: true });
        notify('error', `Instruments could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
  return services;
}
