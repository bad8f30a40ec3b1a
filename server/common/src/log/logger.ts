// The process logger: structured JSON (pino) with secrets redacted at any depth up to four
// levels and token-like query parameters masked in logged URLs. Invariant: a secret handed to
// the logger never reaches the output, whatever the call site. Redaction is one pass over each
// logged object (a formatter) and each child logger's bindings, copying only the objects on the
// way to a secret: pino's path-based redaction with wildcards cost ~130 µs per request (three
// lines) at the default level, this ~6 µs (logger.bench.ts). Known limit: redaction matches key
// names, so a secret logged under an unexpected key or inside a free-text message is not caught;
// callers log objects, not interpolated strings.
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
/** Nesting levels searched below a logged object: a key at level 0 is one of its own keys. */
const MAX_DEPTH = 4;
const SECRET_KEY_SET: ReadonlySet<string> = new Set(SECRET_KEYS);
/** Keys whose values go through one of the serializers below, which log no secret. */
const SERIALIZED_KEYS: ReadonlySet<string> = new Set(['req', 'res']);

/**
 * `value` with the value of every secret key, down to MAX_DEPTH levels of objects and arrays,
 * replaced by the censor. Only the objects on the way to a secret are copied (keeping their
 * prototype and property descriptors, so an Error stays an Error); the input is never modified.
 */
export function redactSecrets<T>(value: T): T {
  return redactAt(value, 0, null) as T;
}

function redactAt(value: unknown, depth: number, skip: ReadonlySet<string> | null): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH || ArrayBuffer.isView(value) || value instanceof Date) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    if (skip?.has(key)) continue;
    const item = (value as Record<string, unknown>)[key];
    const redacted = SECRET_KEY_SET.has(key) ? CENSOR : redactAt(item, depth + 1, null);
    if (redacted === item) continue;
    copy ??= Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : cloneObject(value);
    copy[key] = redacted;
  }
  return copy ?? value;
}

function cloneObject(value: object): Record<string, unknown> {
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
    // A getter's result is what gets logged, so it is read once and stored as a plain value.
    Object.defineProperty(copy, key, 'get' in descriptor ? { value: (value as Record<string, unknown>)[key], enumerable: descriptor.enumerable ?? false, writable: true, configurable: true } : { ...descriptor, writable: true, configurable: true });
  }
  return copy;
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

/** The pino options every Kestrel logger uses (createLogger adds the redaction of child bindings). */
export function loggerOptions(options: CreateLoggerOptions = {}): PinoOptions {
  return {
    level: options.level ?? 'info',
    base: { pid: process.pid, ...options.base },
    formatters: { log: (object) => redactAt(object, 0, SERIALIZED_KEYS) as Record<string, unknown> },
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

/**
 * Creates the process logger. Its child loggers' bindings are redacted too: pino gives children no
 * bindings formatter, so `child` is wrapped once on the root, and every descendant inherits it.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const logger = options.destination ? pino(loggerOptions(options), options.destination) : pino(loggerOptions(options));
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, redactSecrets(bindings), childOptions);
  } as typeof logger.child;
  return logger;
}
