// docs/trading-model.md must list every trading error code and every non-engine reject reason,
// and the engine codes it summarises must match the engine's result_code.h numbers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ENGINE_REJECT_CODES, ORDER_SERVICE_REJECT_REASONS } from './order-reject-reason.js';
import { TRADING_ERROR_CODES } from './trading-error.js';

const doc = readFileSync(new URL('../../../docs/trading-model.md', import.meta.url), 'utf8');
const header = readFileSync(new URL('../../../engine/include/kestrel/engine/result_code.h', import.meta.url), 'utf8');

test('every trading error code and service reject reason is documented', () => {
  const documented = new Set([...doc.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((match) => match[1]));
  for (const code of [...Object.keys(TRADING_ERROR_CODES), ...Object.keys(ORDER_SERVICE_REJECT_REASONS)]) {
    assert.ok(documented.has(code), `${code} is missing from docs/trading-model.md`);
  }
});

test('engine reject codes carry the engine\'s numbers', () => {
  const engine = new Map(
    [...header.matchAll(/^\s+([A-Za-z]+) = (\d+),/gm)].map((match) => [
      match[1]!.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(),
      Number(match[2]),
    ]),
  );
  for (const [name, value] of Object.entries(ENGINE_REJECT_CODES)) assert.equal(engine.get(name), value, name);
});
