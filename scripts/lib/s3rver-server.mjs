// Runs s3rver (an S3-compatible server backed by a folder) for the integration tests, with the test
// bucket created. Stays in the foreground until SIGTERM/SIGINT, then closes the listener.
// Usage: node scripts/lib/s3rver-server.mjs PORT DATA_DIR BUCKET
import S3rver from 's3rver';

const [port, directory, bucket] = process.argv.slice(2);
if (!port || !directory || !bucket) {
  console.error('usage: s3rver-server.mjs PORT DATA_DIR BUCKET');
  process.exit(2);
}
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  directory,
  silent: true,
  configureBuckets: [{ name: bucket }],
});
const { address, port: boundPort } = await server.run();
console.log(`s3rver listening on http://${address}:${boundPort} (data in ${directory}, bucket ${bucket})`);

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
