// The process logger: structured JSON (pino) with secrets redacted at any depth up to four
// levels and token-like query parameters masked in logged URLs. Invariant: a secret handed to
// the logger never reaches the output, whatever the call site. Known limit: redaction matches
// key names, so a secret logged under an unexpected key or inside a free-text message is not
// caught; callers log objects, not interpolated strings.
import { pino, type DestinationStream, type Logger, type LoggerOptions as PinoOptions } from 'pino';

export type { Logger } from 'pino';

/** Object keys whose values never appear in logs. */
export const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'password',
  'currentPassword',
  'newPassword',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'secret',
  'clientSecret',
  'secretAccessKey',
  'apiKey',
  'privateKey',
] as const;

/** Query parameters masked in logged URLs (lower-case). */
const SECRET_QUERY_PARAMS = new Set(['token', 'access_token', 'refresh_token', 'api_key', 'apikey', 'password', 'secret']);

const CENSOR = '[REDACTED]';
const MAX_DEPTH = 4;

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of SECRET_KEYS) {
    const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
    for (let depth = 0; depth <= MAX_DEPTH; depth += 1) {
      const prefix = '*.'.repeat(depth);
      paths.push(segment.startsWith('[') ? (depth === 0 ? segment : prefix.slice(0, -1) + segment) : prefix + segment);
    }
  }
  return paths;
}

/** A URL with the values of secret-looking query parameters replaced. */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const params = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = decodeURIComponentSafe(eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
      return eq >= 0 && SECRET_QUERY_PARAMS.has(name) ? `${pair.slice(0, eq)}=${CENSOR}` : pair;
    });
  return `${url.slice(0, query)}?${params.join('&')}`;
}

/** A connection URL with its password replaced, safe to log. */
export function redactConnectionUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = CENSOR;
    return parsed.toString();
  } catch {
    return CENSOR;
  }
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

interface LoggableRequest {
  method?: string;
  url?: string;
  ip?: string;
  socket?: { remoteAddress?: string };
}

/** Options of createLogger. */
export interface CreateLoggerOptions {
  level?: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to capture output. */
  destination?: DestinationStream;
  /** Fields on every line, e.g. `{ service: 'auth' }`. */
  base?: Record<string, unknown>;
}

/** The pino options every Kestrel logger uses (exported for Fastify and child loggers). */
export function loggerOptions(options: CreateLoggerOptions = {}): PinoOptions {
  return {
    level: options.level ?? 'info',
    base: { pid: process.pid, ...options.base },
    redact: { paths: redactPaths(), censor: CENSOR },
    serializers: {
      req: (req: LoggableRequest) => ({
        method: req.method,
        url: req.url === undefined ? undefined : redactUrl(req.url),
        remoteAddress: req.ip ?? req.socket?.remoteAddress,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

/** Creates the process logger. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  return options.destination ? pino(loggerOptions(options), options.destination) : pino(loggerOptions(options));
}
