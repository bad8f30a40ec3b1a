// Readiness probe for the test S3 server: exits 0 once ListBuckets answers and lists the test bucket.
// Usage: node scripts/lib/s3-ready.mjs ENDPOINT BUCKET ACCESS_KEY SECRET_KEY
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';

const [endpoint, bucket, accessKeyId, secretAccessKey] = process.argv.slice(2);
if (!endpoint || !bucket || !accessKeyId || !secretAccessKey) {
  console.error('usage: s3-ready.mjs ENDPOINT BUCKET ACCESS_KEY SECRET_KEY');
  process.exit(2);
}
const client = new S3Client({
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId, secretAccessKey },
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  maxAttempts: 1,
});
try {
  const result = await client.send(new ListBucketsCommand({}), { abortSignal: AbortSignal.timeout(3000) });
  process.exitCode = (result.Buckets ?? []).some((b) => b.Name === bucket) ? 0 : 1;
} catch (error) {
  console.error(String(error?.message ?? error));
  process.exitCode = 1;
} finally {
  client.destroy();
}
