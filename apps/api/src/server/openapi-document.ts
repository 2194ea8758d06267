import pino from 'pino';
import packageJson from '../../package.json';
import { apiSettingsFrom } from './api-settings';
import { createApp } from './create-app';
import { createServerState } from './server-state';
import { loadConfig } from '@mark1/storage';

/**
 * The OpenAPI 3.1 document of the API, generated from the route schemas without opening a
 * database (what the build writes to docs/openapi.json).
 */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const { config } = loadConfig({ env: { MARK1_HOME: '/nonexistent-mark1-home' } });
  const app = await createApp({
    settings: apiSettingsFrom(config),
    logger: pino({ level: 'silent' }),
    state: createServerState(packageJson.version),
  });
  await app.ready();
  const document = app.swagger() as unknown as Record<string, unknown>;
  await app.close();
  return document;
}
