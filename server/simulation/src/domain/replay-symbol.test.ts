import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolSchema } from '@kestrel/shared';
import { Value } from '@sinclair/typebox/value';
import { replaySymbol } from './replay-symbol.js';

describe('replaySymbol', () => {
  it('appends the session prefix and stays a valid symbol even for the longest symbols', () => {
    assert.equal(replaySymbol('AAPL', '1a2b3c4d-0000-4000-8000-000000000000'), 'AAPL.R1A2B3C4D');
    const long = replaySymbol('A'.repeat(32), 'ffffffff-0000-4000-8000-000000000000');
    assert.equal(long.length, 32);
    assert.ok(Value.Check(SymbolSchema, long));
  });
});
