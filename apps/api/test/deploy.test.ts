import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from './support/http';
import { createSandbox, type Sandbox } from './support/sandbox';
import { startServer, type ApiServer } from './support/server';

// deploy/ checked without a container engine (none runs here): promtool on the rules and the
// Prometheus config, rule unit tests, every metric the rules and the dashboard use against what the
// built server exports, and the structure of the compose file, the manifests and the Dockerfile.
const DEPLOY = resolve(dirname(fileURLToPath(import.meta.url)), '../../../deploy');
const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';

let sandbox: Sandbox;
let server: ApiServer;
let exported: Set<string>;

function promtool(...args: string[]) {
  if (!existsSync(PROMTOOL))
    throw new Error(
      `${PROMTOOL} is missing: install Debian's prometheus package (apt-get install prometheus) or set PROMTOOL.`,
    );
  return spawnSync(PROMTOOL, args, { cwd: join(DEPLOY, 'prometheus'), encoding: 'utf8' });
}

/** Metric names used in PromQL text (identifiers starting with mark1_, recording rules left out). */
function metricsIn(expression: string): string[] {
  return [...expression.matchAll(/\bmark1_[a-z0-9_]+/g)].map((match) => match[0]);
}

beforeAll(async () => {
  sandbox = createSandbox('deploy');
  server = await startServer({ home: sandbox.home });
  // One observation of each histogram and counter, so their series exist.
  await call(server.url, 'GET', '/api/v1/plugins');
  const text = (await call(server.url, 'GET', '/metrics')).text;
  exported = new Set(
    [...text.matchAll(/^([a-z_:][a-z0-9_:]*)(?:\{| )/gm)].map((match) => match[1]!),
  );
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (counter|histogram|gauge)/.exec(line);
    if (!type) continue;
    exported.add(type[1]!);
    if (type[2] === 'histogram')
      for (const suffix of ['_bucket', '_sum', '_count']) exported.add(`${type[1]}${suffix}`);
  }
});

afterAll(async () => {
  await server?.stop();
  sandbox?.remove();
});

describe('Prometheus', () => {
  it('has rules promtool accepts, and whose unit tests pass', () => {
    const check = promtool('check', 'rules', 'rules.yml');
    expect(check.status, check.stderr + check.stdout).toBe(0);
    expect(check.stdout).toContain('SUCCESS: 12 rules found');
    const tests = promtool('test', 'rules', 'rules.test.yml');
    expect(tests.status, tests.stderr + tests.stdout).toBe(0);
    const config = promtool('check', 'config', 'prometheus.yml');
    expect(config.status, config.stderr + config.stdout).toBe(0);
  });

  it('alerts on seed 000’s conditions, over metrics the server exports', () => {
    const rules = parse(readFileSync(join(DEPLOY, 'prometheus/rules.yml'), 'utf8')) as {
      groups: { rules: { alert?: string; expr: string }[] }[];
    };
    const all = rules.groups.flatMap((group) => group.rules);
    expect(all.map((rule) => rule.alert).filter(Boolean)).toEqual(
      expect.arrayContaining([
        'HighPluginFailureRate',
        'SlowPluginExecution',
        'ContextCacheOverflow',
        'Mark1ApiDown',
      ]),
    );
    const used = new Set(all.flatMap((rule) => metricsIn(rule.expr)));
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
    for (const name of [
      'mark1_plugin_executions_total',
      'mark1_plugin_execution_duration_seconds_bucket',
      'mark1_context_cache_size_bytes',
    ]) {
      expect(used.has(name)).toBe(true);
    }
  });
});

describe('Grafana', () => {
  it('has a dashboard whose every query uses metrics the server exports', () => {
    const dashboard = JSON.parse(
      readFileSync(join(DEPLOY, 'grafana/dashboards/mark1.json'), 'utf8'),
    ) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const used = new Set(
      dashboard.panels.flatMap((panel) =>
        panel.targets.flatMap((target) => metricsIn(target.expr)),
      ),
    );
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
    for (const name of [
      'mark1_plugin_executions_total',
      'mark1_plugin_execution_duration_seconds_bucket',
      'mark1_active_orchestrations',
      'mark1_context_cache_size_bytes',
      'mark1_database_connections',
      'mark1_http_request_duration_seconds_bucket',
    ]) {
      expect(used.has(name), name).toBe(true);
    }
    const provider = parse(
      readFileSync(join(DEPLOY, 'grafana/provisioning/dashboards/mark1.yml'), 'utf8'),
    ) as { providers: { options: { path: string } }[] };
    expect(provider.providers[0]!.options.path).toBe('/var/lib/grafana/dashboards');
  });
});

describe('compose', () => {
  it('runs the API with PostgreSQL, Prometheus and Grafana, mounting files that exist', () => {
    const compose = parse(readFileSync(join(DEPLOY, 'docker-compose.yml'), 'utf8')) as {
      services: Record<
        string,
        {
          image?: string;
          build?: { dockerfile: string };
          environment?: Record<string, string>;
          volumes?: string[];
        }
      >;
    };
    expect(Object.keys(compose.services).sort()).toEqual([
      'api',
      'grafana',
      'postgres',
      'prometheus',
    ]);
    expect(compose.services.api!.environment!.MARK1_DATABASE_URL).toMatch(
      /^postgres:\/\/[^@]+@postgres:5432\//,
    );
    expect(compose.services.api!.environment!.MARK1_API_JWT_SECRET).toContain(':?');
    expect(existsSync(join(DEPLOY, '..', compose.services.api!.build!.dockerfile))).toBe(true);
    for (const service of ['prometheus', 'grafana']) {
      for (const volume of compose.services[service]!.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./'))
          expect(existsSync(join(DEPLOY, source)), `${service}: ${source}`).toBe(true);
      }
    }
    const prometheus = parse(readFileSync(join(DEPLOY, 'prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: { static_configs: { targets: string[] }[]; metrics_path: string }[];
    };
    expect(prometheus.scrape_configs[0]).toMatchObject({
      metrics_path: '/metrics',
      static_configs: [{ targets: ['api:8080'] }],
    });
  });
});

describe('Kubernetes', () => {
  const documents = () =>
    readdirSync(join(DEPLOY, 'kubernetes'))
      .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
      .flatMap((file) =>
        parseAllDocuments(readFileSync(join(DEPLOY, 'kubernetes', file), 'utf8')).map(
          (document) => document.toJS() as Record<string, Json>,
        ),
      );

  it('probes /health and /ready on the container port, runs as non-root, and takes the database URL from a Secret', () => {
    const all = documents();
    const deployment = all.find((document) => document.kind === 'Deployment')!;
    const secret = all.find((document) => document.kind === 'Secret')!;
    const service = all.find((document) => document.kind === 'Service')!;
    const container = deployment.spec.template.spec.containers[0];
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(container.ports[0]).toMatchObject({ name: 'http', containerPort: 8080 });
    expect(deployment.spec.template.spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
    });
    const databaseUrl = container.env.find(
      (variable: { name: string }) => variable.name === 'MARK1_DATABASE_URL',
    );
    expect(databaseUrl.valueFrom.secretKeyRef).toEqual({
      name: secret.metadata.name,
      key: 'database-url',
    });
    expect(secret.stringData['database-url']).toMatch(/^postgres:\/\//);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(service.spec.ports[0].targetPort).toBe('http');
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(30);
    const kustomization = parse(
      readFileSync(join(DEPLOY, 'kubernetes/kustomization.yaml'), 'utf8'),
    ) as { resources: string[] };
    for (const file of kustomization.resources)
      expect(existsSync(join(DEPLOY, 'kubernetes', file)), file).toBe(true);
  });
});

describe('Dockerfile', () => {
  it('builds in one stage and runs as a non-root user in another, with a health check', () => {
    const text = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8');
    const stages = [...text.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((match) => match[1]);
    expect(stages).toEqual(['build', 'runtime']);
    const runtime = text.slice(text.search(/^FROM .* AS runtime/m));
    const user = /^USER\s+(\S+)/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/health/m);
    expect(runtime).toContain('EXPOSE 8080');
    expect(runtime).toContain('apps/api/dist/main.js');
    for (const source of [...text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((match) =>
      match[1]!.split(/\s+/),
    )) {
      expect(existsSync(join(DEPLOY, '..', source)), source).toBe(true);
    }
  });
});
