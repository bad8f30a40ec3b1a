// Every date or timestamp a client can SEND to any registered service is described with the shared
// forms (shared/src/trading/instants.ts): a bare `format: date-time` admits year 0000, leap seconds
// and offsets up to ±23:59, which PostgreSQL or JavaScript cannot take, so a schema-valid request
// would end in a 500 (Schemathesis found that in the audit log's `from`). Checked on the served
// OpenAPI document of the whole registry, so a new route cannot bring the bare form back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DAY_PATTERN, INSTANT_PATTERN } from '@kestrel/shared';
import { startHarness, type Harness } from './identity/harness.js';

type Schema = Record<string, unknown>;

/** Every (sub)schema reachable from `schema`, with a JSON-pointer-like path. */
function* walk(schema: unknown, path: string): Generator<[string, Schema]> {
  if (schema === null || typeof schema !== 'object') return;
  if (Array.isArray(schema)) {
    for (const [index, item] of schema.entries()) yield* walk(item, `${path}/${index}`);
    return;
  }
  yield [path, schema as Schema];
  for (const [key, value] of Object.entries(schema)) yield* walk(value, `${path}/${key}`);
}

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h?.close());

test('request parameters and bodies use the shared date and timestamp forms', async () => {
  const response = await h.call('GET', '/v1/openapi.json');
  assert.equal(response.statusCode, 200);
  const document = response.json() as { paths: Record<string, Record<string, { parameters?: unknown; requestBody?: unknown }>> };
  const expected: Record<string, string> = { 'date-time': `^${INSTANT_PATTERN}$`, date: `^${DAY_PATTERN}$` };
  const seen: string[] = [];
  const wrong: string[] = [];
  for (const [route, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const [path, schema] of walk({ parameters: operation.parameters, requestBody: operation.requestBody }, `${method.toUpperCase()} ${route}`)) {
        const format = schema.format;
        if (typeof format !== 'string' || !(format in expected)) continue;
        seen.push(path);
        if (schema.pattern !== expected[format]) wrong.push(`${path}: format ${format} with pattern ${String(schema.pattern)}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
  // The check must have something to check: the audit filter, the P&L range, marks and closes.
  for (const route of ['/v1/admin/audit', '/v1/pnl', '/v1/internal/marks', '/v1/internal/daily-closes']) {
    assert.ok(seen.some((path) => path.includes(` ${route}/`)), `no date or timestamp found in ${route}`);
  }
});
