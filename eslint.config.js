// Lint rules for the whole monorepo. Besides typescript-eslint's recommended set it enforces the
// dependency direction of HOUSE_STYLE.md, so a wrong-way import fails CI:
//   shared/  imports nothing internal
//   engine/  -> shared (types only)
//   server/* -> server/common, shared, engine (services never import each other)
//   desktop/ -> shared (and engine in the main process only); the renderer never imports electron or node:*
//   installer/ -> shared
// and forbids import cycles everywhere.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';

const SERVER_PACKAGES = ['@kestrel/server-*', '!@kestrel/server-common'];

/** A `no-restricted-imports` rule that forbids the given internal packages with a reason. */
function forbid(patterns, message) {
  return ['error', { patterns: [{ group: patterns, message }] }];
}

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/build/**', '**/dist/**', 'engine/out/**', 'desktop/out/**', '**/*.d.ts'],
  },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
    settings: {
      'import-x/resolver': { node: { extensions: ['.ts', '.js'] } },
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(['@kestrel/*'], 'shared/ imports nothing internal (HOUSE_STYLE.md).'),
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['@kestrel/*', '!@kestrel/shared'],
        'engine/ may import only @kestrel/shared (HOUSE_STYLE.md).',
      ),
    },
  },
  {
    files: ['server/common/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['@kestrel/*', '!@kestrel/shared', '!@kestrel/engine'],
        'server/common may import only shared and engine (HOUSE_STYLE.md).',
      ),
    },
  },
  {
    files: ['server/*/**/*.ts'],
    ignores: ['server/common/**', 'server/cli/**'],
    rules: {
      'no-restricted-imports': forbid(
        SERVER_PACKAGES,
        'A service never imports another service: talk through shared/ schemas, the bus or HTTP (HOUSE_STYLE.md).',
      ),
    },
  },
  {
    files: ['desktop/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': forbid(
        ['@kestrel/*', '!@kestrel/shared', '!@kestrel/engine'],
        'desktop/ may import only shared (and engine from the main process) (HOUSE_STYLE.md).',
      ),
    },
  },
  {
    files: ['desktop/src/renderer/**/*.{ts,tsx}', 'desktop/src/common/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': forbid(
        ['@kestrel/*', '!@kestrel/shared', 'electron', 'electron/*', 'node:*'],
        'The renderer and common code never import electron, node:* or the engine (HOUSE_STYLE.md).',
      ),
    },
  },
  {
    // React's rules of hooks in the renderer (a wrong dependency list is a stale-data bug).
    files: ['desktop/src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Renderer unit tests run in Node (node:test) but still never touch electron or services.
    files: ['desktop/src/renderer/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': forbid(
        ['@kestrel/*', '!@kestrel/shared', 'electron', 'electron/*'],
        'Renderer tests may use node:* (they run in Node) but never electron or services (HOUSE_STYLE.md).',
      ),
    },
  },
  {
    files: ['installer/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['@kestrel/*', '!@kestrel/shared'],
        'installer/ may import only @kestrel/shared (HOUSE_STYLE.md).',
      ),
    },
  },
);
