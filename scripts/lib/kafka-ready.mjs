// Readiness probe for the test Kafka broker: exits 0 once the broker answers a metadata request and
// reports itself as a live broker, 1 otherwise. Uses the same client library as the event bus, resolved
// from server/common so this script needs no dependency of its own.
// Usage: node scripts/lib/kafka-ready.mjs HOST:PORT
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(new URL('../../server/common/package.json', import.meta.url));
const { Admin } = await import(pathToFileURL(require.resolve('@platformatic/kafka')).href);

const broker = process.argv[2];
if (!broker) {
  console.error('usage: kafka-ready.mjs HOST:PORT');
  process.exit(2);
}

const admin = new Admin({
  clientId: 'kestrel-test-services-probe',
  bootstrapBrokers: [broker],
  timeout: 2000,
  retries: 0,
});
// Bounded: a broker that accepts the connection but never answers must not hang start-up.
const timer = setTimeout(() => process.exit(1), 5000);
try {
  const metadata = await admin.metadata({ topics: [] });
  process.exitCode = metadata.brokers.size > 0 ? 0 : 1;
} catch (error) {
  console.error(String(error?.message ?? error));
  process.exitCode = 1;
} finally {
  clearTimeout(timer);
  await admin.close().catch(() => {});
}
