// Instruments the tests define besides the seeded demo ones.
import { ALWAYS_OPEN, type Instrument } from '@kestrel/shared';

/** Binance BTCUSDT with lots of 0.00001 BTC (the adapter's quantity step) and USD standing in for USDT. */
export const BTCUSDT: Instrument = {
  symbol: 'BTCUSDT',
  name: 'Bitcoin / Tether (lots of 0.00001 BTC)',
  assetClass: 'crypto',
  status: 'active',
  currency: 'USD',
  tickSize: '0.01',
  lotSize: 1,
  contractMultiplier: 1,
  minQuantityLots: 1,
  maxQuantityLots: 1_000_000,
  minPriceTicks: 1,
  maxPriceTicks: 100_000_000,
  tradingHours: ALWAYS_OPEN,
};
