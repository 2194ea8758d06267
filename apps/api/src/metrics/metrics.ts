import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Where the gauges read their values at scrape time. */
export interface MetricSources {
  /** Orchestrations whose run is pending or running (from the database, so every process's count). */
  activeOrchestrations(): Promise<number>;
  /** Bytes held by the context store's in-memory cache. */
  contextCacheBytes(): Promise<number>;
  /** Database connections this process holds open. */
  databaseConnections(): number;
}

/** One finished plugin call, as the metrics count it. */
export interface PluginExecutionSample {
  readonly pluginId: string;
  readonly capability: string;
  /** `succeeded`, `failed`, `cancelled` or `timed_out` (the `plugin_executions.status` values). */
  readonly status: string;
  readonly durationSeconds: number;
}

/** The server's Prometheus metrics. */
export interface ApiMetrics {
  /** The prom-client registry `/metrics` renders. */
  readonly registry: Registry;
  /** Counts one answered HTTP request. `route` is the route's template (`/api/v1/runs/:id`), never the raw URL. */
  observeHttpRequest(method: string, route: string, statusCode: number, seconds: number): void;
  /** Counts one finished plugin call. */
  recordPluginExecution(sample: PluginExecutionSample): void;
  /** The exposition text. */
  render(): Promise<string>;
  /** The exposition format's content type. */
  readonly contentType: string;
}

/** Seconds buckets of HTTP requests: sub-millisecond to ten seconds. */
const HTTP_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
/** Seconds buckets of plugin calls: a warm function call to a long CLI run. */
const EXECUTION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/**
 * Seed 000's metrics (`mark1_plugin_executions_total`, `mark1_plugin_execution_duration_seconds`,
 * `mark1_active_orchestrations`, `mark1_context_cache_size_bytes`, `mark1_database_connections`),
 * `mark1_http_request_duration_seconds` by method, route and status, and Node's process metrics
 * (`mark1_process_*`, `mark1_nodejs_*`). Each server has its own registry.
 */
export function createMetrics(sources: MetricSources): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'mark1_' });

  const http = new Histogram({
    name: 'mark1_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });
  const executions = new Counter({
    name: 'mark1_plugin_executions_total',
    help: 'Plugin capability calls finished by this server, by plugin, capability and outcome',
    labelNames: ['plugin_id', 'capability', 'status'] as const,
    registers: [registry],
  });
  const executionDuration = new Histogram({
    name: 'mark1_plugin_execution_duration_seconds',
    help: 'Duration of plugin capability calls finished by this server',
    labelNames: ['plugin_id', 'capability'] as const,
    buckets: EXECUTION_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'mark1_active_orchestrations',
    help: 'Orchestrations whose run is pending or running (all processes sharing the database)',
    registers: [registry],
    async collect() {
      this.set(await sources.activeOrchestrations());
    },
  });
  new Gauge({
    name: 'mark1_context_cache_size_bytes',
    help: "Bytes held by this server's context store cache",
    registers: [registry],
    async collect() {
      this.set(await sources.contextCacheBytes());
    },
  });
  new Gauge({
    name: 'mark1_database_connections',
    help: 'Database connections this server holds open (in use and idle)',
    registers: [registry],
    collect() {
      this.set(sources.databaseConnections());
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    observeHttpRequest(method, route, statusCode, seconds) {
      http.observe({ method, route, status_code: String(statusCode) }, seconds);
    },
    recordPluginExecution(sample) {
      executions.inc({
        plugin_id: sample.pluginId,
        capability: sample.capability,
        status: sample.status,
      });
      executionDuration.observe(
        { plugin_id: sample.pluginId, capability: sample.capability },
        sample.durationSeconds,
      );
    },
    render: () => registry.metrics(),
  };
}
