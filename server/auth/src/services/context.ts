// What the auth use cases share: the pool, config, signing keys, token issuer, attempt limiter.
import type pg from 'pg';
import type { Logger } from 'pino';
import type { AuthConfig } from '../config.js';
import type { AttemptLimiter } from '../limits/attempt-limiter.js';
import type { SigningKeyRing } from '../signing-key-ring.js';
import type { TokenIssuer } from '../token-issuer.js';

/** Dependencies of every auth use case. */
export interface AuthContext {
  db: pg.Pool;
  config: AuthConfig;
  keys: SigningKeyRing;
  tokens: TokenIssuer;
  limiter: AttemptLimiter;
  logger: Logger;
}
