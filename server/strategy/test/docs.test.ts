// Every error code of the strategy API, the backtester and the service's runtime failures is documented in docs/strategies.md
// with its meaning, and nothing documented there is stale.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { STRATEGY_ERROR_CODES } from '@kestrel/shared';
import { BACKTEST_ERROR_CODES } from '../src/index.js';
import { STRATEGY_RUNTIME_CODES } from '../src/sandbox/runtime-codes.js';

const DOC = readFileSync(new URL('../../../docs/strategies.md', import.meta.url), 'utf8');

test('every code is in a table row of docs/strategies.md, and every documented code exists', () => {
  const codes = { ...STRATEGY_ERROR_CODES, ...BACKTEST_ERROR_CODES, ...STRATEGY_RUNTIME_CODES };
  for (const code of Object.keys(codes)) assert.match(DOC, new RegExp(`^\\| \`${code}\` \\| \\S`, 'm'), `${code} is documented`);
  const documented = [...DOC.matchAll(/^\| `((?:STRATEGY|BACKTEST|OPTIMISE)_[A-Z_]+)` \|/gm)].map((m) => m[1]!);
  for (const code of documented) assert.ok(Object.hasOwn(codes, code), `${code} is documented but not defined`);
});
