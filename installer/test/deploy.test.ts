// The deployment artefacts, validated offline: docker-compose.yml against the Compose
// specification's JSON schema (the one dclint ships) plus dclint's checks and Kestrel's own rules;
// the Helm chart linted and rendered with default and production-like values, every rendered
// document validated against the Kubernetes schemas (kubernetes-models); the Dockerfile with
// hadolint; and the three descriptions of the stack (installer/src/stack.ts, compose, chart) and
// the server/ packages kept in step.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { JOBS, STACK_SERVICES, gatewayUpstreams } from '../src/stack.js';
import { toolPath } from './support/tools.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHART = path.join(ROOT, 'installer/helm/kestrel');
const require = createRequire(import.meta.url);

interface ComposeService {
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { resources?: { limits?: { cpus?: string; memory?: string } }; replicas?: unknown };
  profiles?: string[];
  volumes?: string[];
  restart?: string;
}
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};

describe('docker-compose.yml', () => {
  it('validates against the Compose specification schema', () => {
    const schemaFile = path.join(path.dirname(require.resolve('dclint/package.json', { paths: [ROOT] })), 'schemas/compose.schema.json');
    // Draft-07 is Ajv's default meta-schema; the `$schema` URL (without `#`) is not a key Ajv knows.
    const { $schema: _metaSchema, ...schema } = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    // The raw document (anchors and merge keys resolved as Compose resolves them).
    const ok = validate(compose);
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
    assert.equal(ajv.compile(schema)({ services: { x: { image: 'a', depends_on: { y: { condition: 'sometimes' } } } } }), false, 'the schema rejects what Compose rejects');
  });

  it('passes dclint (layout rules that do not fit anchors, grouping by role, or an edge that must listen publicly are disabled)', () => {
    const bin = path.join(path.dirname(require.resolve('dclint/package.json', { paths: [ROOT] })), 'bin/dclint.cjs');
    const result = spawnSync(
      process.execPath,
      [bin, 'docker-compose.yml', '--disable-rule', 'service-keys-order', 'service-image-require-explicit-tag', 'no-unbound-port-interfaces', 'require-quotes-in-ports', 'services-alphabetical-order', '--max-warnings', '0', '--color', 'false'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it('runs every stack service from the one image with the command stack.ts gives, behind the migration job', () => {
    for (const service of STACK_SERVICES) {
      const entry = compose.services[service.name];
      assert.ok(entry, `${service.name} is in docker-compose.yml`);
      assert.deepEqual(entry.command, service.command, service.name);
      assert.match(entry.image ?? '', /\$\{KESTREL_IMAGE:-[^}]+\}:\$\{KESTREL_VERSION:-[^}]+\}/);
      assert.equal(entry.depends_on?.migrate?.condition, 'service_completed_successfully', service.name);
      assert.equal(entry.environment?.KESTREL_DATABASE_MIGRATE_ON_START, 'false');
    }
    assert.deepEqual(compose.services.migrate?.command, ['migrate']);
    assert.equal(compose.services.gateway?.environment?.KESTREL_GATEWAY_UPSTREAMS, gatewayUpstreams());
    for (const job of JOBS) assert.equal(compose.services[job]?.restart, 'no');
  });

  it('gives every long-running container a healthcheck, memory and CPU limits, and conditions on every dependency', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      assert.ok(service.deploy?.resources?.limits?.memory && service.deploy.resources.limits.cpus, `${name} has resource limits`);
      if (!(JOBS as readonly string[]).includes(name)) assert.ok(service.healthcheck?.test?.length, `${name} has a healthcheck`);
      for (const [dependency, rule] of Object.entries(service.depends_on ?? {})) {
        assert.ok(compose.services[dependency], `${name} depends on an existing service ${dependency}`);
        assert.ok(['service_healthy', 'service_completed_successfully'].includes(rule.condition), `${name} -> ${dependency}`);
      }
    }
    const named = Object.values(compose.services).flatMap((service) => (service.volumes ?? []).map((volume) => volume.split(':')[0] as string).filter((source) => !/^[.$/]/.test(source)));
    for (const volume of named) assert.ok(volume in compose.volumes, `volume ${volume} is declared`);
    assert.deepEqual(compose.services.prometheus?.profiles, ['monitoring']);
    assert.deepEqual(compose.services.grafana?.profiles, ['monitoring']);
    for (const mounted of ['deploy/nginx/templates', 'deploy/prometheus/prometheus.yml', 'deploy/prometheus/rules', 'deploy/grafana/provisioning', 'deploy/grafana/dashboards', 'deploy/docker/healthcheck.mjs']) {
      assert.ok(existsSync(path.join(ROOT, mounted)), mounted);
    }
  });

  it('keeps Redis on AOF and bounds Kafka retention', () => {
    assert.match(JSON.stringify(compose.services.redis?.command), /--appendonly yes/);
    const kafka = compose.services.kafka?.environment ?? {};
    assert.equal(kafka.KAFKA_PROCESS_ROLES, 'broker,controller');
    assert.ok(kafka.KAFKA_LOG_RETENTION_HOURS && kafka.KAFKA_LOG_RETENTION_BYTES);
  });
});

describe('the stack description', () => {
  it('deploys every service the CLI registry ships, and only service packages', () => {
    // The registry is read in a child process: installer code never imports server packages (lint rule).
    const registry = pathToFileURL(path.join(ROOT, 'server/cli/src/services.ts')).href;
    const registered = JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `const { SERVICES } = await import(${JSON.stringify(registry)}); console.log(JSON.stringify(SERVICES.map((s) => s.name)))`], {
        cwd: ROOT,
        encoding: 'utf8',
      }),
    ) as string[];
    const deployed = STACK_SERVICES.map((service) => service.name);
    assert.deepEqual(
      registered.filter((name) => !deployed.includes(name)),
      [],
      'a registered service needs an entry in installer/src/stack.ts, a block in docker-compose.yml, an entry under services: in installer/helm/kestrel/values.yaml and its name in deploy/prometheus/prometheus.yml (docs/self-hosting.md, "Adding a service")',
    );
    for (const name of deployed) assert.ok(existsSync(path.join(ROOT, 'server', name, 'package.json')), `server/${name} exists`);
  });

  it('is what Prometheus scrapes', () => {
    const prometheus = parse(readFileSync(path.join(ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8')) as { scrape_configs: Array<{ dns_sd_configs: Array<{ names: string[] }> }> };
    assert.deepEqual(prometheus.scrape_configs[0]!.dns_sd_configs[0]!.names.sort(), STACK_SERVICES.map((service) => service.name).sort());
  });

  it('agrees with the chart values', () => {
    const values = parse(readFileSync(path.join(CHART, 'values.yaml'), 'utf8')) as { services: Record<string, { args: string[]; prefixes?: string[] }> };
    assert.deepEqual(Object.keys(values.services).sort(), STACK_SERVICES.map((service) => service.name).sort());
    for (const service of STACK_SERVICES) {
      assert.deepEqual(values.services[service.name]?.args, service.command, service.name);
      assert.deepEqual(values.services[service.name]?.prefixes ?? [], service.prefixes, service.name);
    }
  });
});

/** Imports the kubernetes-models class of a rendered document. */
async function modelOf(apiVersion: string, kind: string): Promise<new (data: unknown) => { validate(): void }> {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [undefined, apiVersion];
  const module = (await import(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`)) as Record<string, new (data: unknown) => { validate(): void }>;
  const model = module[kind];
  assert.ok(model, `kubernetes-models has ${apiVersion} ${kind}`);
  return model;
}

describe('Helm chart', () => {
  const helm = () => toolPath('helm');
  const render = (valuesFile?: string) =>
    execFileSync(helm(), ['template', 'kestrel', CHART, '--namespace', 'kestrel', ...(valuesFile ? ['-f', path.join(CHART, 'ci', valuesFile)] : [])], { encoding: 'utf8' });

  for (const valuesFile of readdirSync(path.join(CHART, 'ci'))) {
    it(`lints strictly and renders valid Kubernetes objects with ci/${valuesFile}`, async () => {
      execFileSync(helm(), ['lint', '--strict', CHART, '-f', path.join(CHART, 'ci', valuesFile)], { encoding: 'utf8' });
      const documents = parseAllDocuments(render(valuesFile)).map((document) => document.toJS() as { apiVersion: string; kind: string; metadata: { name: string } } | null).filter((document) => document !== null);
      const kinds = new Map<string, number>();
      for (const document of documents) {
        kinds.set(document.kind, (kinds.get(document.kind) ?? 0) + 1);
        if (document.kind === 'PrometheusRule') {
          // A Prometheus Operator CRD (not in kubernetes-models): its spec is the promtool-checked rules file.
          assert.equal(document.apiVersion, 'monitoring.coreos.com/v1');
          assert.ok(((document as unknown as { spec: { groups: unknown[] } }).spec.groups ?? []).length > 0);
          continue;
        }
        const Model = await modelOf(document.apiVersion, document.kind);
        assert.doesNotThrow(() => new Model(document).validate(), `${document.kind} ${document.metadata.name}`);
      }
      assert.equal(kinds.get('Deployment'), STACK_SERVICES.length);
      assert.equal(kinds.get('Service'), STACK_SERVICES.length);
      assert.equal(kinds.get('PodDisruptionBudget'), STACK_SERVICES.length);
      assert.equal(kinds.get('NetworkPolicy'), STACK_SERVICES.length);
      assert.equal(kinds.get('Job'), 1);
      assert.ok((kinds.get('HorizontalPodAutoscaler') ?? 0) >= 1);
      const dashboards = readdirSync(path.join(ROOT, 'deploy/grafana/dashboards')).length;
      assert.ok((kinds.get('ConfigMap') ?? 0) >= dashboards, 'a ConfigMap per dashboard');

      // Rendered manifests are checked field by field below; the schema validation above typed them.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- dynamic Kubernetes documents
      for (const document of documents as Array<Record<string, any>>) {
        if (document.kind === 'Job') {
          assert.equal(document.metadata.annotations['helm.sh/hook'], 'pre-install,pre-upgrade');
          assert.deepEqual(document.spec.template.spec.containers[0].args, ['migrate']);
        }
        if (document.kind !== 'Deployment') continue;
        const pod = document.spec.template.spec;
        const container = pod.containers[0];
        assert.equal(pod.securityContext.runAsNonRoot, true);
        assert.equal(container.securityContext.readOnlyRootFilesystem, true);
        assert.deepEqual(container.securityContext.capabilities.drop, ['ALL']);
        assert.equal(container.readinessProbe.httpGet.path, '/health/ready');
        assert.equal(container.livenessProbe.httpGet.path, '/health/live');
        assert.ok(container.resources.limits.memory);
        assert.equal(container.env.find((entry: { name: string }) => entry.name === 'KESTREL_DATABASE_URL').valueFrom.secretKeyRef.key, 'databaseUrl');
        if (document.metadata.name.endsWith('-gateway')) {
          const upstreams = container.env.find((entry: { name: string }) => entry.name === 'KESTREL_GATEWAY_UPSTREAMS').value as string;
          assert.deepEqual(upstreams.split(',').sort(), gatewayUpstreams(8080, (name) => `kestrel-${name}`).split(',').sort());
        }
      }
    });
  }

  it('refuses values the schema forbids and a missing secret', () => {
    const run = (args: string[]) => spawnSync(helm(), ['template', 'kestrel', CHART, '-f', path.join(CHART, 'ci/default-values.yaml'), ...args], { encoding: 'utf8' });
    assert.match(run(['--set', 'services.auth.replicas=0']).stderr, /replicas/);
    assert.match(run(['--set', 'securityContext.readOnlyRootFilesystem=false']).stderr, /readOnlyRootFilesystem/);
    const bare = spawnSync(helm(), ['template', 'kestrel', CHART], { encoding: 'utf8' });
    assert.notEqual(bare.status, 0);
    assert.match(bare.stderr, /is required/);
  });
});

describe('Dockerfile', () => {
  it('passes hadolint', () => {
    const result = spawnSync(toolPath('hadolint'), ['Dockerfile'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it('runs as a non-root user under tini, with the kestrel CLI as entrypoint and a health check', () => {
    const text = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    const runtime = text.slice(text.lastIndexOf('\nFROM '));
    assert.match(runtime, /^USER 10001:10001$/m);
    assert.match(runtime, /^ENTRYPOINT \["\/usr\/bin\/tini", "--", "node", "\/app\/server\/cli\/bin\/kestrel\.js"\]$/m);
    assert.match(runtime, /^HEALTHCHECK .*healthcheck\.mjs/m);
    assert.doesNotMatch(runtime, /apt-get install[^\n]*(g\+\+|gcc|make|cmake|python3)/, 'no build tools in the final stage');
  });

  // What a real build needs, checked without building (scripts/build-image.sh builds and runs it).
  const text = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const stages = text.split(/^(?=FROM )/m).filter((stage) => stage.startsWith('FROM '));
  const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    // The patterns it uses: `**/name`, `dir/name`, `*` within one segment; a match covers everything below.
    .map((pattern) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]]/g, '\\$&').replace(/^\*\*\//, '\0').replace(/\*/g, '[^/]*').replace('\0', '(.*/)?')}(/.*)?$`));
  const inContext = (file: string) => existsSync(path.join(ROOT, file)) && !ignored.some((pattern) => pattern.test(file));

  it('is two stages on one base: the build stage builds the engine addon and the final stage copies it, with no compiler, npm or apt cache', () => {
    assert.equal(stages.length, 2);
    const [build, runtime] = stages as [string, string];
    assert.match(build, /^FROM \$\{NODE_IMAGE\} AS build$/m);
    assert.match(runtime, /^FROM \$\{NODE_IMAGE\} AS runtime$/m);
    // The engine workspace's build script builds the addon the facade loads (engine/lib/addon.ts).
    assert.match(build, /npm run build --workspace engine/);
    assert.match(readFileSync(path.join(ROOT, 'engine/scripts/build.sh'), 'utf8'), /binding\/build\/Release\/kestrel_engine\.node/);
    assert.match(readFileSync(path.join(ROOT, 'engine/lib/addon.ts'), 'utf8'), /'\.\.\/binding\/build\/Release\/kestrel_engine\.node'/);
    assert.match(runtime, /^COPY --from=build \S* ?\/src \/app$/m, 'the whole built tree (engine/binding/build included) goes to /app');
    const installs = [...runtime.matchAll(/apt-get install ([^&\n]*)/g)].map((match) => match[1]!.split(/\s+/).filter((word) => word !== '' && !word.startsWith('-')));
    assert.deepEqual(installs, [['tini']], 'the final stage installs tini only');
    assert.match(runtime, /rm -rf \/var\/lib\/apt\/lists/);
    assert.match(runtime, /rm -rf [^\n]*\/usr\/local\/bin\/npm/, 'npm is removed from the final stage');
    assert.doesNotMatch(runtime, /^RUN [^\n]*npm (ci|install)/m, 'no package installation in the final stage');
    // The server warns at every start about a KESTREL_* variable it does not know.
    const configuration = readFileSync(path.join(ROOT, 'docs/configuration.md'), 'utf8');
    const variables = [...runtime.matchAll(/^ENV (.*)$/gm)].flatMap((line) => [...line[1]!.matchAll(/\b(KESTREL_[A-Z0-9_]+)=/g)].map((match) => match[1]!));
    assert.ok(variables.length > 0);
    for (const variable of variables) assert.ok(configuration.includes(`\`${variable}\``), `${variable} is a documented setting`);
  });

  it('runs only npm scripts that exist (a script renamed in a workspace breaks the image build, not a test run)', () => {
    const runs = [...text.matchAll(/npm run ([\w:-]+) --workspace ([\w@/.-]+)( --if-present)?/g)];
    assert.ok(runs.length >= 2);
    for (const [command, script, workspace, optional] of runs) {
      if (optional) continue;
      const manifest = JSON.parse(readFileSync(path.join(ROOT, workspace!, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
      assert.ok(manifest.scripts?.[script!], `${command}: ${workspace}/package.json has the script`);
    }
  });

  it('copies only what the build context holds: every COPY source exists and .dockerignore excludes none of what the image runs', () => {
    const copies = [...text.matchAll(/^COPY (?!--from)(.*)$/gm)].map((match) => match[1]!.split(/\s+/).filter((word) => !word.startsWith('--')));
    assert.ok(copies.length > 0);
    for (const words of copies) for (const source of words.slice(0, -1)) assert.ok(source === '.' || inContext(source), `COPY source ${source}`);
    for (const file of ['package.json', 'package-lock.json', '.npmrc', 'engine/CMakeLists.txt', 'engine/binding/binding.gyp', 'server/cli/bin/kestrel.js', 'deploy/docker/healthcheck.mjs', 'desktop/package.json']) {
      assert.ok(inContext(file), `${file} is in the build context`);
    }
    assert.ok(!inContext('node_modules') && !inContext('engine/build') && !inContext('server/common/build'), 'host dependencies and build output stay out');
    for (const [pattern, file] of [[/HEALTHCHECK .*"\/app\/([^"]+)"/, 'healthcheck'], [/ENTRYPOINT .*"\/app\/([^"]+)"/, 'entrypoint']] as const) {
      const target = text.match(pattern)?.[1];
      assert.ok(target && inContext(target), `the ${file} script ${target} is in the image`);
    }
  });
});
