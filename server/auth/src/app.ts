// The auth service as a Kestrel ServiceModule: builds the signing-key ring, token issuer and
// attempt limiter (Redis when configured, in-process otherwise), bootstraps the first admin if
// asked to, and registers the routes.
// Invariants: signing keys are loaded before the first route can answer; the key ring is
// re-read every minute, so a rotation done by another replica is picked up.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineService } from '@kestrel/server-common';
import { bootstrapAdmin } from './bootstrap.js';
import { AuthConfigSchema } from './config.js';
import { parseKeyEncryptionKey } from './domain/key-encryption.js';
import { MemoryAttemptLimiter } from './limits/memory-attempt-limiter.js';
import { RedisAttemptLimiter } from './limits/redis-attempt-limiter.js';
import { adminRoutes } from './routes/admin-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { oauthRoutes } from './routes/oauth-routes.js';
import { selfRoutes } from './routes/self-routes.js';
import type { AuthContext } from './services/context.js';
import { SigningKeyRing } from './signing-key-ring.js';
import { TokenIssuer } from './token-issuer.js';

const KEY_REFRESH_MS = 60_000;

/** The auth service. */
export const authService = defineService({
  name: 'auth',
  migrationsDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations'),
  config: AuthConfigSchema,
  async plugin(app, deps) {
    const config = deps.serviceConfig;
    const logger = deps.logger.child({ service: 'auth' });
    if (!config.keyEncryptionKey) logger.warn('KESTREL_AUTH_KEY_ENCRYPTION_KEY is not set: JWT signing keys are stored unencrypted in PostgreSQL');
    const keys = new SigningKeyRing({
      db: deps.db,
      rotationDays: config.signingKeyRotationDays,
      encryptionKey: config.keyEncryptionKey ? parseKeyEncryptionKey(config.keyEncryptionKey) : null,
    });
    await keys.refresh();
    const timer = setInterval(() => keys.refresh().catch((error: unknown) => logger.error({ err: error }, 'signing key refresh failed')), KEY_REFRESH_MS);
    timer.unref();
    deps.lifecycle.onClose('auth signing-key refresh', () => clearInterval(timer));

    const context: AuthContext = {
      db: deps.db,
      config,
      keys,
      tokens: new TokenIssuer({ keys, issuer: config.issuer, audience: config.audience, accessTokenTtlSeconds: config.accessTokenTtlSeconds }),
      limiter: deps.redis ? new RedisAttemptLimiter(deps.redis) : new MemoryAttemptLimiter(),
      logger,
    };
    await bootstrapAdmin(deps.db, config.bootstrapAdminEmail, logger);

    // Limit and lock errors carry `details.retryAfterSeconds`; say the same in the standard header.
    app.addHook('onSend', async (_request, reply, payload) => {
      if ((reply.statusCode === 429 || reply.statusCode === 423) && !reply.hasHeader('retry-after') && typeof payload === 'string') {
        const seconds = (JSON.parse(payload) as { error?: { details?: { retryAfterSeconds?: unknown } } }).error?.details?.retryAfterSeconds;
        if (typeof seconds === 'number') reply.header('retry-after', String(seconds));
      }
      return payload;
    });
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    await app.register(authRoutes, { context });
    await app.register(selfRoutes, { context });
    await app.register(oauthRoutes, { context });
    await app.register(adminRoutes, { context });
  },
});
