import { rmSync } from 'node:fs';
import { Mark1Error } from '@mark1/sdk';
import { RegistryErrorCodes, type PluginDetails } from '@mark1/registry';
import type { PluginRecord, Storage } from '@mark1/storage';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorCodes, apiError } from '../errors/api-error-codes';
import { startPluginOperation, type OperationOptions } from '../operations/plugin-operations';
import { receiveUpload } from '../operations/receive-upload';
import {
  AcceptedSchema,
  IdempotencyHeadersSchema,
  IdParamsSchema,
  LimitQuerySchema,
} from '../schemas/common';
import {
  ExecuteRequestSchema,
  ExecutionResultSchema,
  InstallRequestSchema,
  PluginDetailsSchema,
  PluginExecutionSchema,
  PluginStatusSchema,
  PluginSummarySchema,
  RollbackRequestSchema,
  RollbackResultSchema,
  UninstallResultSchema,
  UpdateRequestSchema,
} from '../schemas/plugins';
import { withProblems } from '../schemas/responses';
import type { ServiceAccess } from '../server/services';
import { confinePathInputs } from '../security/confine-inputs';

const OPERATIONS_PATH = '/api/v1/operations';

async function findPlugin(storage: Storage, idOrName: string): Promise<PluginRecord> {
  const plugin =
    (await storage.plugins.get(idOrName)) ?? (await storage.plugins.getByName(idOrName));
  if (!plugin) {
    throw new Mark1Error(
      RegistryErrorCodes.PLUGIN_NOT_FOUND,
      `No installed plugin has the id or name "${idOrName}"; GET /api/v1/plugins lists them.`,
      {
        details: { plugin: idOrName },
      },
    );
  }
  return plugin;
}

/** A plugin's details without the server's folders (plugin, version and environment paths). */
function withoutPaths(details: PluginDetails) {
  const { path: _path, versions, environment, ...rest } = details;
  const safeEnvironment = environment
    ? (({ location: _location, interpreter, ...report }) => ({
        ...report,
        ...(interpreter ? { interpreter: { version: interpreter.version } } : {}),
      }))(environment)
    : undefined;
  return {
    ...rest,
    versions: versions.map(({ path: _versionPath, ...version }) => version),
    ...(safeEnvironment ? { environment: safeEnvironment } : {}),
  };
}

function optionsFromForm(fields: Readonly<Record<string, string[]>>): OperationOptions {
  const known = new Set(['ref', 'name', 'env', 'noDeps', 'yes']);
  const unknown = Object.keys(fields).filter((field) => !known.has(field));
  if (unknown.length > 0)
    throw apiError(
      ApiErrorCodes.REQUEST_INVALID,
      `Unknown form fields: ${unknown.join(', ')}. Accepted: ref, name, env (repeatable KEY=VALUE), noDeps, yes.`,
    );
  const flag = (name: string) =>
    ['true', '1', 'yes', 'on'].includes((fields[name]?.[0] ?? '').toLowerCase());
  const parsed = InstallRequestSchema.omit({ source: true }).safeParse({
    ...(fields.ref ? { ref: fields.ref[0] } : {}),
    ...(fields.name ? { name: fields.name[0] } : {}),
    ...(fields.env ? { env: fields.env } : {}),
    noDeps: flag('noDeps'),
    yes: flag('yes'),
  });
  if (!parsed.success) {
    throw apiError(
      ApiErrorCodes.REQUEST_INVALID,
      `The form's fields are not acceptable: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}.`,
    );
  }
  return parsed.data;
}

/** Plugin endpoints (seed 000 and seed 003 names): list, info, install, uninstall, lifecycle, execute, history, status. */
export function pluginRoutes(services: ServiceAccess): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/plugins',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['plugins'],
          summary: 'Installed plugins',
          response: withProblems({ 200: z.array(PluginSummarySchema) }),
        },
      },
      async () => services().registry.list(),
    );

    app.get(
      '/plugins/:id',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['plugins'],
          summary: 'Everything about one plugin (by id or name)',
          params: IdParamsSchema,
          response: withProblems({ 200: PluginDetailsSchema }),
        },
      },
      async (request) => withoutPaths(await services().registry.info(request.params.id)),
    );

    app.post(
      '/plugins/install',
      {
        config: { access: 'admin', audit: 'plugin.install' },
        schema: {
          tags: ['plugins'],
          summary: 'Install a plugin from a git URL, an allowed path, or an uploaded archive',
          description:
            'JSON: `{"source": "https://... | file:///... | /allowed/path"}`. Or multipart/form-data with the archive in the field `archive` (.tar.gz, .tgz, .tar, .zip) plus optional fields ref, name, env, noDeps, yes. Answers 202 at once; follow the operation at its `Location`.',
          headers: IdempotencyHeadersSchema,
          body: InstallRequestSchema.nullish(),
          response: withProblems({ 202: AcceptedSchema }),
        },
      },
      async (request, reply) => {
        const current = services();
        const actor = request.principal?.actor ?? 'api:unknown';
        let operation;
        if (request.isMultipart()) {
          const upload = await receiveUpload(request);
          try {
            operation = await startPluginOperation(current, {
              kind: 'install',
              source: upload.path,
              displaySource: `upload:${upload.filename}`,
              cleanup: upload.folder,
              options: optionsFromForm(upload.fields),
              actor,
            });
          } catch (error) {
            rmSync(upload.folder, { recursive: true, force: true });
            throw error;
          }
        } else {
          const body = request.body;
          if (!body)
            throw apiError(
              ApiErrorCodes.REQUEST_INVALID,
              'Send a JSON body with a `source`, or a multipart form with an `archive` file.',
            );
          const { source, ...options } = body;
          operation = await startPluginOperation(current, {
            kind: 'install',
            source: current.paths.confineSource(source),
            displaySource: source,
            options,
            actor,
          });
        }
        const location = `${OPERATIONS_PATH}/${operation.id}`;
        return reply
          .code(202)
          .header('location', location)
          .send({ id: operation.id, location, state: operation.state });
      },
    );

    app.delete(
      '/plugins/:id',
      {
        config: { access: 'admin', audit: 'plugin.uninstall' },
        schema: {
          tags: ['plugins'],
          summary: 'Uninstall a plugin: its versions, rows and folder',
          params: IdParamsSchema,
          response: withProblems({ 200: UninstallResultSchema }),
        },
      },
      async (request) => services().registry.uninstall(request.params.id),
    );

    for (const action of ['enable', 'disable'] as const) {
      app.post(
        `/plugins/:id/${action}`,
        {
          config: { access: 'admin', audit: `plugin.${action}` },
          schema: {
            tags: ['plugins'],
            summary:
              action === 'enable'
                ? 'Let workflows use a plugin again'
                : 'Keep a plugin installed but out of workflows and search',
            params: IdParamsSchema,
            headers: IdempotencyHeadersSchema,
            response: withProblems({ 200: PluginSummarySchema }),
          },
        },
        async (request) => services().registry[action](request.params.id),
      );
    }

    app.post(
      '/plugins/:id/update',
      {
        config: { access: 'admin', audit: 'plugin.update' },
        schema: {
          tags: ['plugins'],
          summary: 'Install the newest content of the plugin’s source as a new active version',
          description: 'Answers 202 at once; follow the operation at its `Location`.',
          params: IdParamsSchema,
          headers: IdempotencyHeadersSchema,
          body: UpdateRequestSchema.optional(),
          response: withProblems({ 202: AcceptedSchema }),
        },
      },
      async (request, reply) => {
        const current = services();
        const plugin = await findPlugin(current.storage, request.params.id);
        const operation = await startPluginOperation(current, {
          kind: 'update',
          plugin: plugin.name,
          options: request.body ?? {},
          actor: request.principal?.actor ?? 'api:unknown',
        });
        const location = `${OPERATIONS_PATH}/${operation.id}`;
        return reply
          .code(202)
          .header('location', location)
          .send({ id: operation.id, location, state: operation.state });
      },
    );

    app.post(
      '/plugins/:id/rollback',
      {
        config: { access: 'admin', audit: 'plugin.rollback' },
        schema: {
          tags: ['plugins'],
          summary: 'Make an earlier installed version active again',
          params: IdParamsSchema,
          headers: IdempotencyHeadersSchema,
          body: RollbackRequestSchema.optional(),
          response: withProblems({ 200: RollbackResultSchema }),
        },
      },
      async (request) =>
        services().registry.rollback(
          request.params.id,
          request.body?.to ? { to: request.body.to } : {},
        ),
    );

    app.post(
      '/plugins/:id/execute',
      {
        config: { access: 'operator', audit: 'plugin.execute' },
        schema: {
          tags: ['plugins'],
          summary: 'Call one capability of a plugin and wait for its result',
          description:
            'Inputs are data: text that looks like an expression (`${...}`) is passed to the plugin as it is, never evaluated. Path inputs must lie under an allowed folder.',
          params: IdParamsSchema,
          headers: IdempotencyHeadersSchema,
          body: ExecuteRequestSchema,
          response: withProblems({ 200: ExecutionResultSchema }),
        },
      },
      async (request) => {
        const current = services();
        const plugin = await findPlugin(current.storage, request.params.id);
        const inputs = confinePathInputs(
          current.paths,
          await current.registry.catalog(),
          plugin.name,
          request.body.capability,
          request.body.inputs,
        );
        const result = await current.runs.execute(plugin.name, request.body.capability, inputs);
        return { ...result, executionId: result.executionId ?? null };
      },
    );

    app.get(
      '/plugins/:id/executions',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['plugins'],
          summary: 'Recorded calls of a plugin, newest first',
          params: IdParamsSchema,
          querystring: LimitQuerySchema,
          response: withProblems({ 200: z.array(PluginExecutionSchema) }),
        },
      },
      async (request) => {
        const { storage } = services();
        const plugin = await findPlugin(storage, request.params.id);
        return storage.pluginExecutions.list({
          pluginId: plugin.pluginId,
          limit: request.query.limit,
        });
      },
    );

    app.get(
      '/plugins/:id/status',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['plugins'],
          summary: 'Health checks and call counts of a plugin',
          params: IdParamsSchema,
          response: withProblems({ 200: PluginStatusSchema }),
        },
      },
      async (request) => {
        const { storage, registry } = services();
        const plugin = await findPlugin(storage, request.params.id);
        const [health] = await registry.healthCheck(plugin.name);
        const executions = await storage.pluginExecutions.list({
          pluginId: plugin.pluginId,
          limit: 1000,
        });
        return {
          plugin: plugin.name,
          version: plugin.version,
          enabled: plugin.status === 'enabled',
          health: health?.status ?? 'error',
          checks: [...(health?.checks ?? [])],
          executions: {
            total: executions.length,
            succeeded: executions.filter((execution) => execution.status === 'succeeded').length,
            failed: executions.filter(
              (execution) => execution.status !== 'succeeded' && execution.status !== 'running',
            ).length,
            lastAt: executions[0]?.startedAt ?? null,
          },
        };
      },
    );
  };
}
