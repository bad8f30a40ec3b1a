// The user-source compiler: a strategy importing the API compiles to one module; any other import,
// dynamic import or syntax error is STRATEGY_SOURCE_INVALID with the position.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileStrategy } from './compile.js';

const OK = `import { defineParams, defineStrategy } from '@kestrel/shared';
export default defineStrategy({ name: 'ok', description: 'd', params: defineParams({ n: { type: 'integer', default: 2 } }), create: () => ({}) });`;

async function refusal(source: string, language: 'typescript' | 'javascript' = 'typescript'): Promise<{ code: string; message: string; details: { messages: { line: number | null }[] } }> {
  try {
    await compileStrategy(source, language);
  } catch (error) {
    return error as never;
  }
  throw new Error('compiled');
}

describe('compileStrategy', () => {
  it('bundles a strategy with the strategy API into one module without imports', async () => {
    const code = await compileStrategy(OK, 'typescript');
    assert.doesNotMatch(code, /from\s+['"]@kestrel\/shared['"]/);
    assert.match(code, /defineStrategy/);
  });

  it('refuses node built-ins, packages, relative files and dynamic imports', async () => {
    for (const source of [`import fs from 'node:fs'; console.log(fs); ${OK}`, `import x from 'lodash'; console.log(x);`, `import x from './other.js'; console.log(x);`, `export const x = () => import('node:fs');`]) {
      const error = await refusal(source);
      assert.equal(error.code, 'STRATEGY_SOURCE_INVALID', source);
      assert.match(error.message, /not allowed|may only import/);
    }
  });

  it('reports a syntax error with its line', async () => {
    const error = await refusal('const a = 1;\nexport default {{', 'javascript');
    assert.equal(error.code, 'STRATEGY_SOURCE_INVALID');
    assert.equal(error.details.messages[0]!.line, 2);
  });
});
