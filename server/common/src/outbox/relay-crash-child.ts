// Test fixture for outbox.test.ts, run as a child process: one relay cycle against the real
// database and Kafka that kills its own process with SIGKILL at the requested stage ('claimed' =
// before publishing, 'published' = after the bus accepted the batch but before the commit that makes its published stamp count), so the
// parent can check what a real crash leaves behind. Exits 3 if the stage was never reached.
// Usage: node --import tsx relay-crash-child.ts DATABASE_URL BROKERS TOPIC_PREFIX STAGE
import pg from 'pg';
import { KafkaEventBus } from '../bus/kafka-event-bus.js';
import { OutboxRelay, type RelayStage } from './relay.js';

const [databaseUrl, brokers, topicPrefix, crashAt] = process.argv.slice(2) as [string, string, string, RelayStage];
const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
const bus = new KafkaEventBus({ brokers: brokers.split(','), topicPrefix, partitions: 3, replicationFactor: 1 });
const relay = new OutboxRelay({
  pool,
  bus,
  listen: false,
  onStage: (stage) => {
    if (stage === crashAt) process.kill(process.pid, 'SIGKILL');
  },
});
await relay.publishBatch();
process.exit(3);
