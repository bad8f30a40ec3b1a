// Every setting and error code of the whole server — the core plus every service in the CLI
// registry — is documented, with the right status, and the docs name nothing that does not exist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CONFIG_FILE_ENV, CoreConfigSchema, configLeaves, listErrorCodes, toEnvSegment, ENV_PREFIX } from '@kestrel/server-common';
import { SERVICES } from '../src/services.js';

const configurationDoc = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
const errorsDoc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

const leaves = [
  ...configLeaves(CoreConfigSchema),
  ...SERVICES.flatMap((module) => (module.config ? configLeaves(module.config, module.name) : [])),
];

describe('docs/configuration.md covers the whole server', () => {
  const documented = [...configurationDoc.matchAll(/^\| `(KESTREL_[A-Z0-9_]+)` \|/gm)].map((match) => match[1] as string);

  it('documents every setting of the core and of every registered service', () => {
    const missing = leaves.map((leaf) => leaf.envName).filter((name) => !documented.includes(name));
    assert.deepEqual(missing, []);
  });

  it('documents no setting that does not exist', () => {
    const known = new Set([...leaves.map((leaf) => leaf.envName), CONFIG_FILE_ENV]);
    assert.deepEqual(documented.filter((name) => !known.has(name)), []);
  });

  it('has a description for every service setting', () => {
    assert.deepEqual(leaves.filter((leaf) => !leaf.schema.description).map((leaf) => leaf.envName), []);
  });

  it('has no service whose env prefix shadows another setting', () => {
    const prefixes = SERVICES.map((module) => ENV_PREFIX + toEnvSegment(module.name) + '_');
    for (const prefix of prefixes) {
      const clash = leaves.filter((leaf) => leaf.envName.startsWith(prefix) && !SERVICES.some((m) => leaf.path[0] === m.name));
      assert.deepEqual(clash.map((leaf) => leaf.envName), [], prefix);
    }
  });
});

describe('docs/errors.md covers the whole server', () => {
  const documented = new Map([...errorsDoc.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| (\d{3}) \|/gm)].map((match) => [match[1] as string, Number(match[2])]));
  const defined = listErrorCodes();

  it('documents every defined code with its status', () => {
    const wrong = defined.filter((entry) => documented.get(entry.code) !== entry.status).map((entry) => `${entry.code} ${entry.status}`);
    assert.deepEqual(wrong, []);
  });

  it('documents no code that is not defined', () => {
    // Only areas this process loads can be judged (an area is the code's first word, AUTH_...).
    const area = (code: string) => code.split('_')[0];
    const codes = new Set(defined.map((entry) => entry.code));
    const loadedAreas = new Set(defined.map((entry) => area(entry.code)));
    const stale = [...documented.keys()].filter((code) => loadedAreas.has(area(code)) && !codes.has(code));
    assert.deepEqual(stale, []);
  });
});
