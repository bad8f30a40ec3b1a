import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decodeFrame, decodeSnapshot } from './binance-messages.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/binance/${name}`, import.meta.url), 'utf8');

describe('Binance message decoding', () => {
  it('decodes the recorded combined-stream frames', () => {
    const frames = fixture('connection-1.jsonl').trim().split('\n').map(decodeFrame);
    assert.deepEqual(frames.map((frame) => frame.kind), ['depth', 'depth', 'trade', 'depth', 'trade', 'depth', 'depth', 'depth']);
    const trade = frames[2]!;
    assert.ok(trade.kind === 'trade');
    assert.equal(trade.stream, 'btcusdt@trade');
    assert.deepEqual({ t: trade.message.t, p: trade.message.p, q: trade.message.q, m: trade.message.m }, { t: 3600000100, p: '60000.50', q: '0.02500000', m: false });
  });

  it('decodes a depth snapshot and refuses anything else', () => {
    assert.equal(decodeSnapshot(JSON.parse(fixture('snapshot-1.json')))?.lastUpdateId, 1027024);
    assert.equal(decodeSnapshot({ lastUpdateId: 1, bids: [['1']], asks: [] }), null);
    assert.equal(decodeSnapshot({ code: -1121, msg: 'Invalid symbol.' }), null);
  });

  it('classifies unusable frames instead of throwing', () => {
    assert.deepEqual(decodeFrame('not json'), { kind: 'other', stream: null, reason: 'not JSON' });
    assert.equal(decodeFrame('{"result":null,"id":1}').kind, 'other');
    assert.equal(decodeFrame('{"stream":"btcusdt@trade","data":{"e":"trade","p":"1"}}').kind, 'other');
    assert.equal(decodeFrame('{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"s":"X","U":1,"u":2,"b":[["1.0","-2"]],"a":[]}}').kind, 'other');
    assert.equal(decodeFrame('{"stream":"btcusdt@kline_1m","data":{}}').kind, 'other');
  });
});
