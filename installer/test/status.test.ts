// status/doctor findings: real HTTP readiness probes against loopback servers, the real
// certificate and disk of this machine, compose ps and Kafka tool output in their documented formats.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureCertificate } from '../src/certificates.js';
import { parseComposePs } from '../src/compose.js';
import { certificateFinding, containerFindings, diskFinding, lagFindings, parseConsumerGroups, probeReady } from '../src/status.js';

describe('status findings', () => {
  let server: Server;
  let base: string;
  before(async () => {
    server = createServer((request, response) => {
      const ready = request.url === '/ok/health/ready' || request.url === '/health/ready';
      response.writeHead(request.headers.host?.startsWith('127.0.0.1') && ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'fail', checks: [{ name: 'database', status: 'fail', error: 'timed out after 2000 ms' }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => server.close());

  it('probes /health/ready over HTTP and names the failing checks', async () => {
    assert.deepEqual(await probeReady('gateway', base), { area: 'gateway', ok: true, detail: 'ready' });
    const down = await probeReady('auth', base.replace('127.0.0.1', 'localhost'));
    assert.equal(down.ok, false);
    assert.match(down.detail, /database: timed out/);
    const gone = await probeReady('user', 'http://127.0.0.1:1');
    assert.match(gone.detail, /unreachable/);
    assert.ok(gone.remedy);
  });

  it('reads compose ps (array and line formats) and judges jobs by exit code', () => {
    const lines = parseComposePs('{"Service":"auth","State":"running","Health":"unhealthy","Image":"k:1"}\n{"Service":"migrate","State":"exited","ExitCode":0}');
    const array = parseComposePs('[{"Service":"auth","State":"running","Health":"unhealthy","Image":"k:1"},{"Service":"migrate","State":"exited","ExitCode":0}]');
    assert.deepEqual(lines, array);
    const findings = containerFindings(lines, ['migrate']);
    assert.deepEqual(findings.map((finding) => finding.ok), [false, true]);
    assert.match(findings[0]!.remedy!, /docker compose logs auth/);
  });

  it('warns about certificates close to expiry and reports disk space', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-admin-status-'));
    try {
      await ensureCertificate({ tlsDir: dir, serverName: 'localhost' });
      assert.equal(certificateFinding(path.join(dir, 'tls.crt')).ok, true);
      const late = certificateFinding(path.join(dir, 'tls.crt'), 21, new Date(Date.now() + 810 * 86_400_000));
      assert.equal(late.ok, false);
      assert.match(late.remedy!, /renew/);
      assert.equal(certificateFinding(path.join(dir, 'missing.crt')).ok, false);
      assert.match(diskFinding(dir, 0).detail, /% free/);
      assert.equal(diskFinding(dir, 1.01).ok, false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sums Kafka consumer lag per group and topic from kafka-consumer-groups.sh output', () => {
    const output = `
GROUP               TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID
portfolio.positions orders.executed 0          120             125             5               kestrel-1       /10.0.0.5       kestrel
portfolio.positions orders.executed 1          300             2300            2000            kestrel-1       /10.0.0.5       kestrel
reporting           orders.created  0          10              10              0               -               -               -
`;
    const lags = parseConsumerGroups(output);
    assert.deepEqual(lags, [
      { group: 'portfolio.positions', topic: 'orders.executed', lag: 2005 },
      { group: 'reporting', topic: 'orders.created', lag: 0 },
    ]);
    assert.deepEqual(lagFindings(lags).map((finding) => finding.ok), [false, true]);
  });
});
