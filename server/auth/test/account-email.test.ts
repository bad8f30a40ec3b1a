// isAccountEmail agrees with the API: every sample is sent through a Fastify route whose body uses
// the auth routes' `Email` schema, validated by Fastify's own ajv, and the two verdicts must match.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { isAccountEmail } from '../src/domain/account-email.js';
import { Email, Obj } from '../src/routes/schemas.js';

const SAMPLES = [
  'admin@example.com',
  'Admin.Name+tag@Sub.Example.co.uk',
  "o'brien@example.org",
  'a@b.c',
  'x@localhost',
  'no-at-sign.example.com',
  'two@@example.com',
  'space in@example.com',
  'dot.@example.com',
  '.dot@example.com',
  'a..b@example.com',
  'ann@-example.com',
  'ann@example-.com',
  'ann@example.com.',
  'ümlaut@example.com',
  'ann@exämple.com',
  '@example.com',
  'ann@',
  'a@',
  `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}`, // 251 characters
  `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, // 255 characters
];

test('isAccountEmail accepts exactly what the API Email schema accepts', async () => {
  const app = Fastify();
  app.post('/check', { schema: { body: Obj({ email: Email }) } }, async () => ({ ok: true }));
  await app.ready();
  try {
    for (const email of SAMPLES) {
      const response = await app.inject({ method: 'POST', url: '/check', payload: { email } });
      assert.equal(isAccountEmail(email), response.statusCode === 200, `${email}: API says ${response.statusCode}`);
    }
  } finally {
    await app.close();
  }
  assert.ok(SAMPLES.filter(isAccountEmail).length >= 4 && SAMPLES.filter((email) => !isAccountEmail(email)).length >= 10, 'samples on both sides');
});
