// docs/configuration.md must document exactly the core settings the schema defines.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CONFIG_FILE_ENV, ENV_PREFIX, configLeaves, toEnvSegment } from './env-names.js';
import { CoreConfigSchema } from './schema.js';

const doc = readFileSync(new URL('../../../../docs/configuration.md', import.meta.url), 'utf8');

/** Variables named in the first column of a table row. */
function documentedVariables(markdown: string): string[] {
  return [...markdown.matchAll(/^\| `(KESTREL_[A-Z0-9_]+)` \|/gm)].map((match) => match[1] as string);
}

describe('docs/configuration.md', () => {
  const leaves = configLeaves(CoreConfigSchema);

  it('documents every core setting', () => {
    const documented = new Set(documentedVariables(doc));
    const missing = leaves.map((leaf) => leaf.envName).filter((name) => !documented.has(name));
    assert.deepEqual(missing, []);
  });

  it('documents no core setting the schema lacks', () => {
    const known = new Set([...leaves.map((leaf) => leaf.envName), CONFIG_FILE_ENV]);
    const corePrefixes = Object.keys(CoreConfigSchema.properties).map((key) => ENV_PREFIX + toEnvSegment(key));
    const stale = documentedVariables(doc).filter(
      (name) => corePrefixes.some((prefix) => name === prefix || name.startsWith(prefix + '_')) && !known.has(name),
    );
    assert.deepEqual(stale, []);
  });

  it('has a description for every setting in the schema', () => {
    const undescribed = leaves.filter((leaf) => typeof leaf.schema.description !== 'string' || leaf.schema.description === '');
    assert.deepEqual(undescribed.map((leaf) => leaf.envName), []);
  });
});
