import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileErrors, validate } from '@readme/openapi-parser';
import pino from 'pino';
import { loadConfig } from '@mark1/storage';
import { describe, expect, it } from 'vitest';
import { apiSettingsFrom } from './api-settings';
import { createApp } from './create-app';
import { buildOpenApiDocument } from './openapi-document';
import { createServerState } from './server-state';

type Document = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      { security?: unknown[]; 'x-mark1-role'?: string; responses: Record<string, unknown> }
    >
  >;
};

function toOpenApiPath(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, '{$1}');
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const document = await buildOpenApiDocument();
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document) as never);
    if (!result.valid) throw new Error(compileErrors(result));
    expect(result.valid).toBe(true);
  });

  it('has every route of the app, each with its role and problem responses, and nothing else', async () => {
    const { config } = loadConfig({ env: { MARK1_HOME: '/nonexistent-mark1-home' } });
    const app = await createApp({
      settings: apiSettingsFrom(config),
      logger: pino({ level: 'silent' }),
      state: createServerState('test'),
    });
    await app.ready();
    const document = app.swagger() as unknown as Document;
    const routes = app
      .listRoutes()
      .map((route) => `${route.method.toLowerCase()} ${toOpenApiPath(route.url)}`);
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(routes.length).toBeGreaterThan(40);
    expect(documented.sort()).toEqual([...new Set(routes)].sort());
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(operation['x-mark1-role'], `${method} ${path}`).toMatch(
          /^(public|viewer|operator|admin)$/,
        );
        expect(operation.responses, `${method} ${path}`).toHaveProperty('4XX');
        expect(operation.security, `${method} ${path}`).toEqual(
          operation['x-mark1-role'] === 'public' ? [] : [{ bearer: [] }, { apiKey: [] }],
        );
      }
    }
    await app.close();
  });

  it('names the seed 000 and seed 003 endpoints', async () => {
    const document = (await buildOpenApiDocument()) as unknown as Document;
    const expected = [
      'post /api/v1/orchestrate',
      'get /api/v1/orchestrations',
      'get /api/v1/orchestrations/{id}',
      'get /api/v1/orchestrations/{id}/events',
      'post /api/v1/workflows/validate',
      'post /api/v1/workflows/run',
      'get /api/v1/runs',
      'get /api/v1/runs/{id}',
      'post /api/v1/runs/{id}/cancel',
      'post /api/v1/runs/{id}/resume',
      'get /api/v1/runs/{id}/events',
      'get /api/v1/plugins',
      'get /api/v1/plugins/{id}',
      'post /api/v1/plugins/install',
      'delete /api/v1/plugins/{id}',
      'post /api/v1/plugins/{id}/enable',
      'post /api/v1/plugins/{id}/disable',
      'post /api/v1/plugins/{id}/update',
      'post /api/v1/plugins/{id}/rollback',
      'post /api/v1/plugins/{id}/execute',
      'get /api/v1/plugins/{id}/executions',
      'get /api/v1/plugins/{id}/status',
      'get /api/v1/capabilities',
      'get /api/v1/capabilities/search',
      'get /api/v1/contexts',
      'post /api/v1/contexts',
      'get /api/v1/contexts/{id}',
      'get /api/v1/contexts/search',
      'get /api/v1/contexts/export',
      'post /api/v1/scan',
      'get /api/v1/health',
      'get /api/v1/ready',
      'get /api/v1/status',
      'get /api/v1/metrics',
      'get /api/v1/openapi.json',
      'get /health',
      'get /ready',
      'get /metrics',
    ];
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method} ${path}`),
      ),
    );
    expect(expected.filter((endpoint) => !documented.has(endpoint))).toEqual([]);
  });

  it('is what the build wrote to docs/openapi.json', async () => {
    const written = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../../../../docs/openapi.json'), 'utf8'),
    ) as Document;
    const built = (await buildOpenApiDocument()) as unknown as Document;
    expect(Object.keys(written.paths).sort()).toEqual(Object.keys(built.paths).sort());
  });
});
