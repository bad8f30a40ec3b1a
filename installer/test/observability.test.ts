// The dashboards and alert rules in the repository: rules and scrape config pass promtool; every
// dashboard is well-formed, uses the provisioned datasource and has a query in every panel; every
// metric a rule or dashboard uses is listed in docs/observability.md, every family listed as
// exported is really registered somewhere in the server code and every kestrel_* metric the code
// registers is listed; the families the self-hosting issue names are on a dashboard or in a rule.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { toolPath } from './support/tools.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RULES_DIR = path.join(ROOT, 'deploy/prometheus/rules');
const DASHBOARDS_DIR = path.join(ROOT, 'deploy/grafana/dashboards');
const doc = readFileSync(path.join(ROOT, 'docs/observability.md'), 'utf8');
const documented = new Map([...doc.matchAll(/^\| `([a-z0-9_:]+)` \| (\w+) \|[^|]*\|[^|]*\| (exported|reserved) \|/gm)].map((match) => [match[1] as string, match[3] as string]));

interface Dashboard {
  uid: string;
  title: string;
  panels: Array<{ title: string; datasource: { uid: string }; targets: Array<{ expr: string }> }>;
}
const dashboards = readdirSync(DASHBOARDS_DIR).map((file) => JSON.parse(readFileSync(path.join(DASHBOARDS_DIR, file), 'utf8')) as Dashboard);
const rules = readdirSync(RULES_DIR).flatMap(
  (file) => (parse(readFileSync(path.join(RULES_DIR, file), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> }).groups.flatMap((group) => group.rules),
);

/** Metric names in a PromQL expression (identifiers followed by `{`, `[` or used bare as a series). */
function metricNames(expr: string): string[] {
  const keywords = new Set(['sum', 'by', 'rate', 'max', 'min', 'topk', 'histogram_quantile', 'and', 'or', 'deriv', 'le', 'without', 'avg', 'count', 'on', 'ignoring']);
  const stripped = expr.replace(/\{[^}]*\}/g, '{}').replace(/"[^"]*"/g, '""').replace(/\[[^\]]*\]/g, '[]');
  return [...stripped.matchAll(/\b([a-z_:][a-z0-9_:]*)\b(?!\s*\()/g)]
    .map((match) => match[1] as string)
    .filter((name) => !keywords.has(name) && /_/.test(name) && !/^(service|group|topic|instance|route|status_code|outcome|reason|symbol|command|channel|kind|job)$/.test(name))
    .map((name) => name.replace(/_(bucket|count|sum)$/, ''));
}

describe('alert rules and scrape config', () => {
  it('pass promtool', () => {
    const promtool = toolPath('promtool');
    for (const file of readdirSync(RULES_DIR)) execFileSync(promtool, ['check', 'rules', path.join(RULES_DIR, file)], { encoding: 'utf8' });
    execFileSync(promtool, ['check', 'config', '--syntax-only', path.join(ROOT, 'deploy/prometheus/prometheus.yml')], { encoding: 'utf8' });
  });

  it('each alert has a severity and a summary', () => {
    for (const group of (parse(readFileSync(path.join(RULES_DIR, 'kestrel.rules.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; labels?: { severity?: string }; annotations?: { summary?: string } }> }> }).groups) {
      for (const rule of group.rules) {
        assert.ok(['critical', 'warning'].includes(rule.labels?.severity ?? ''), rule.alert);
        assert.ok(rule.annotations?.summary, rule.alert);
      }
    }
    for (const rule of rules) assert.ok(doc.includes(`\`${rule.alert}\``), `${rule.alert} is in docs/observability.md`);
  });
});

describe('dashboards', () => {
  it('are well-formed, unique, on the provisioned datasource, with a query in every panel', () => {
    const provisioned = parse(readFileSync(path.join(ROOT, 'deploy/grafana/provisioning/datasources/prometheus.yml'), 'utf8')) as { datasources: Array<{ uid: string }> };
    const uid = provisioned.datasources[0]!.uid;
    assert.equal(new Set(dashboards.map((dashboard) => dashboard.uid)).size, dashboards.length);
    for (const dashboard of dashboards) {
      assert.ok(dashboard.panels.length > 0, dashboard.title);
      for (const panel of dashboard.panels) {
        assert.equal(panel.datasource.uid, uid, `${dashboard.title} / ${panel.title}`);
        assert.ok(panel.targets.length > 0 && panel.targets.every((target) => target.expr.trim() !== ''), `${dashboard.title} / ${panel.title}`);
      }
    }
  });
});

/** The server's TypeScript sources (not tests, not build output). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'build', 'test'].includes(entry.name) ? [] : sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [readFileSync(full, 'utf8')] : [];
  });
}
const code = sources(path.join(ROOT, 'server')).join('\n');

describe('metric names', () => {
  const used = new Set([...rules.map((rule) => rule.expr), ...dashboards.flatMap((dashboard) => dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr)))].flatMap(metricNames));

  it('every metric the rules and dashboards use is documented', () => {
    assert.ok(used.has('http_request_duration_seconds') && used.has('kestrel_outbox_backlog'));
    assert.deepEqual([...used].filter((name) => name !== 'up' && !documented.has(name)), []);
  });

  it('shows what the self-hosting issue asks for: HTTP latency, orders, fills, engine latency, Kafka lag, WebSocket clients, outbox backlog', () => {
    const required = ['http_request_duration_seconds', 'kestrel_orders_total', 'kestrel_fills_total', 'kestrel_engine_command_duration_seconds', 'kestrel_kafka_consumer_lag', 'kestrel_websocket_clients', 'kestrel_outbox_backlog'];
    assert.deepEqual(required.filter((name) => !used.has(name)), [], 'each is on a dashboard or in an alert rule');
    assert.deepEqual(required.filter((name) => documented.get(name) !== 'exported'), [], 'each is exported by the server code');
  });

  it('every family documented as exported is registered in the server code', () => {
    const missing = [...documented].filter(([name, status]) => status === 'exported' && !name.startsWith('process_') && !name.startsWith('nodejs_') && !code.includes(`'${name}'`));
    assert.deepEqual(missing, []);
  });

  it('every Kestrel metric the server code registers is documented', () => {
    const registered = [...new Set([...code.matchAll(/\bname: '(kestrel_[a-z0-9_]+)'/g)].map((match) => match[1] as string))];
    assert.ok(registered.includes('kestrel_outbox_backlog'), 'the scan finds metric registrations');
    assert.deepEqual(registered.filter((name) => !documented.has(name)), [], 'add a row to the table in docs/observability.md');
  });
});
