// String formats used by configuration schemas, registered with TypeBox's global FormatRegistry
// on import, plus the human wording each one uses in a config error. Known limit: the checks
// are syntactic (a URL parses and has the right scheme); reachability is the health checks' job.
import { FormatRegistry } from '@sinclair/typebox';

function urlWithProtocol(value: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

const HOST_PORT = /^[A-Za-z0-9.-]+:(\d{1,5})$/;

/** Each format: its check and the phrase completing "<KEY> must be ...". */
export const CONFIG_FORMATS: Readonly<Record<string, { check: (value: string) => boolean; expected: string }>> = {
  'postgres-url': {
    check: (value) => urlWithProtocol(value, ['postgres:', 'postgresql:']),
    expected: 'a postgres:// or postgresql:// URL',
  },
  'redis-url': {
    check: (value) => urlWithProtocol(value, ['redis:', 'rediss:']),
    expected: 'a redis:// or rediss:// URL',
  },
  'http-url': {
    check: (value) => urlWithProtocol(value, ['http:', 'https:']),
    expected: 'an http:// or https:// URL',
  },
  uri: {
    check: (value) => urlWithProtocol(value, ['http:', 'https:', 'ws:', 'wss:']),
    expected: 'an absolute http(s):// or ws(s):// URL',
  },
  email: {
    // Deliberately loose (one @, a dot in the domain, no spaces): the real test is a delivered mail.
    check: (value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) && value.length <= 254,
    expected: 'an email address',
  },
  'host-port': {
    check: (value) => {
      const match = HOST_PORT.exec(value);
      const port = match ? Number(match[1]) : 0;
      return port >= 1 && port <= 65535;
    },
    expected: 'a host:port address',
  },
};

for (const [name, format] of Object.entries(CONFIG_FORMATS)) {
  if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, format.check);
}
