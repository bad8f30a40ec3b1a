// API key wire format: `kst_<prefix>_<secret>`. The prefix (12 base32 characters, public) is the
// lookup id shown in listings; the secret (256 bits) is shown once and stored as SHA-256.
// Invariants: parseApiKey accepts only the exact shape, so malformed input never reaches the
// database; the prefix alone never authenticates.
import { randomBytes } from 'node:crypto';
import { randomSecret } from './opaque-secret.js';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const KEY_PATTERN = /^kst_([a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;

/** Scopes an API key (or OAuth client) can carry. */
export const API_KEY_SCOPES = ['read', 'trade', 'admin'] as const;
/** One API key scope. */
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** A new key: `token` goes to the user once, `prefix` and the secret's digest are stored. */
export interface NewApiKey {
  prefix: string;
  secret: string;
  token: string;
}

/** Creates a new random API key. */
export function generateApiKey(): NewApiKey {
  const prefix = [...randomBytes(12)].map((byte) => BASE32[byte % 32]).join('');
  const secret = randomSecret(32);
  return { prefix, secret, token: `kst_${prefix}_${secret}` };
}

/** Splits a presented key into prefix and secret, or null when it is not an API key. */
export function parseApiKey(token: string): { prefix: string; secret: string } | null {
  const match = KEY_PATTERN.exec(token);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}
