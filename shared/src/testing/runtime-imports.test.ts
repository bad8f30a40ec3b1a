// shared/ runs in Node, the browser and the desktop renderer, so its runtime modules import no
// Node builtin (node:* or bare "fs", "path", ...) and no other workspace package (@kestrel/*).
// Third-party packages are allowed. Tests, benchmarks and shared/src/testing (test support) may
// use Node. This test enforces that for every runtime module of the package.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../', import.meta.url));
const IMPORT = /^\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

function runtimeModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !/\.(test|bench)\.ts$/.test(e.name))
    .map((e) => `${e.parentPath}/${e.name}`)
    .filter((path) => !path.includes('/testing/'));
}

const BUILTINS = new Set(builtinModules);

test('runtime modules of shared import no Node builtin and no other workspace package', () => {
  const modules = runtimeModules(SRC);
  assert.ok(modules.some((m) => m.endsWith('indicators/sma.ts')), 'the scan sees the indicator modules');
  for (const path of modules) {
    const source = readFileSync(path, 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3] ?? '';
      const root = specifier.split('/')[0]!;
      const forbidden = specifier.startsWith('node:') || BUILTINS.has(root) || specifier.startsWith('@kestrel/');
      assert.ok(!forbidden, `${path.slice(SRC.length)} imports "${specifier}"; shared must run in the browser and import nothing internal`);
    }
  }
});
