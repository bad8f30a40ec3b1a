import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { ExecutionConfigSchema, parseBinanceSymbols, parseFeeAssets, parseVenues } from './config.js';

test('venues and Binance symbols parse as documented; malformed entries fail the schema', () => {
  assert.deepEqual(parseVenues(['1=BINANCE:binance-spot', '2=BINANCE-B:binance-spot:10:-2']), [
    { id: 1, name: 'BINANCE', adapter: 'binance-spot', takerBps: 0, makerBps: 0 },
    { id: 2, name: 'BINANCE-B', adapter: 'binance-spot', takerBps: 10, makerBps: -2 },
  ]);
  assert.deepEqual(parseBinanceSymbols(['BTCUSD=BTCUSDT:0.00001', 'ETH/USD=ETHUSDT:0.0001:0.01']), [
    { symbol: 'BTCUSD', venueSymbol: 'BTCUSDT', quantityStep: '0.00001' },
    { symbol: 'ETH/USD', venueSymbol: 'ETHUSDT', quantityStep: '0.0001', tickSize: '0.01' },
  ]);
  const venues = ExecutionConfigSchema.properties.venues;
  const symbols = ExecutionConfigSchema.properties.binanceSymbols;
  assert.equal(Value.Check(venues, ['1=BINANCE:binance-spot:10:10']), true);
  assert.equal(Value.Check(symbols, ['BTCUSD=BTCUSDT:0.00001:0.01']), true);
  for (const venue of ['0=BINANCE:binance-spot', '1=binance:binance-spot', '1=BINANCE:ftx', '1=BINANCE:binance-spot:10']) assert.equal(Value.Check(venues, [venue]), false, venue);
  for (const symbol of ['BTCUSD=BTCUSDT', 'BTCUSD=btcusdt:0.1', 'BTCUSD=BTCUSDT:1e-5']) assert.equal(Value.Check(symbols, [symbol]), false, symbol);
});

test('Binance fee assets parse as asset -> currency; malformed entries fail the schema', () => {
  assert.deepEqual([...parseFeeAssets(['USDT=USD', 'FDUSD=USD', 'EURI=EUR'])], [
    ['USDT', 'USD'],
    ['FDUSD', 'USD'],
    ['EURI', 'EUR'],
  ]);
  const feeAssets = ExecutionConfigSchema.properties.binanceFeeAssets;
  assert.equal(Value.Check(feeAssets, ['USDT=USD']), true);
  for (const entry of ['USDT', 'usdt=USD', 'USDT=usd', 'USDT=DOLLAR', '=USD']) assert.equal(Value.Check(feeAssets, [entry]), false, entry);
});
