// docs/errors.md must list every code the common layer defines (services are checked by the CLI's
// docs test, which loads every registered service).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CommonErrors } from './common-errors.js';

const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');

/** code → status, from the first two columns of table rows. */
function documentedCodes(markdown: string): Map<string, number> {
  return new Map([...markdown.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| (\d{3}) \|/gm)].map((match) => [match[1] as string, Number(match[2])]));
}

describe('docs/errors.md', () => {
  it('documents every common code with its status', () => {
    const documented = documentedCodes(doc);
    for (const entry of Object.values(CommonErrors)) {
      assert.equal(documented.get(entry.code), entry.status, `${entry.code} (${entry.status}) missing or wrong in docs/errors.md`);
    }
  });
});
