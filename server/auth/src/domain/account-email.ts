// What counts as an account email: exactly what the API's `Email` schema accepts (3-254 characters,
// format `email` as ajv-formats checks it in full mode, which Fastify's validator uses), so an account
// made outside the API — `kestrel admin create` — can always log in through it.
// test/account-email.test.ts sends the same samples through a Fastify route with that schema.
// Known limit: like the API, ASCII only (no internationalised local parts or domains).

/** ajv-formats' full-mode `email` pattern. */
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/** True when the login route would accept `value` as an email. */
export function isAccountEmail(value: string): boolean {
  return value.length >= 3 && value.length <= 254 && EMAIL.test(value);
}
