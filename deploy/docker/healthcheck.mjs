// Container health check of every Kestrel service (Dockerfile HEALTHCHECK, docker-compose.yml):
// exits 0 when GET /health/ready on the local listener answers 200 within 4 s, 1 otherwise.
// Plain JavaScript so it starts fast without tsx; reads the port the server listens on.
const port = process.env.KESTREL_HTTP_PORT || '8080';
try {
  const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(4000) });
  process.exit(response.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
