import { PLUGIN_OPERATION_KINDS, PLUGIN_OPERATION_STATES } from '@mark1/storage';
import { z } from 'zod';
import { JsonObjectSchema } from './common';

/** An installed plugin, as lists show it. */
export const PluginSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    version: z.string().nullable(),
    status: z.enum(['enabled', 'disabled']),
    description: z.string(),
    runtime: z.string().nullable(),
    pluginType: z.string(),
    source: z.string().nullable(),
    ref: z.string().nullable(),
    certification: z.string().nullable(),
    scores: z.object({ quality: z.number().nullable(), security: z.number().nullable() }),
    /** Capabilities of the active version. */
    capabilities: z.number().int(),
    installedAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PluginSummary' });

/** Everything about one plugin; server paths and secret values are left out. */
export const PluginDetailsSchema = PluginSummarySchema.extend({
  /** The normalized manifest of the active version (see PluginManifestSchema in @mark1/sdk). */
  manifest: z.unknown(),
  versions: z
    .array(
      z.object({
        version: z.string(),
        active: z.boolean(),
        installedAt: z.string(),
        commitSha: z.string().nullable(),
        source: z.string().nullable(),
        certification: z.string().optional(),
      }),
    )
    .readonly(),
  configuration: z
    .array(
      z.object({
        name: z.string(),
        secret: z.boolean(),
        required: z.boolean(),
        description: z.string().optional(),
        set: z.boolean(),
        value: z.string().optional(),
        default: z.string().optional(),
        declared: z.boolean(),
      }),
    )
    .readonly(),
  problems: z.array(z.string()).readonly(),
  /** The install's validation report (errors, warnings, security findings, scores, certification). */
  validation: z.unknown().optional(),
  /** The environment report (virtualenv or node_modules, installed and failed requirements). */
  environment: z.unknown().optional(),
  /** The smoke test report of the capabilities' examples. */
  smokeTest: z.unknown().optional(),
  manifestOrigin: z.enum(['file', 'generated']).optional(),
}).meta({ id: 'PluginDetails' });

/** A plugin record as storage keeps it. */
export const PluginRecordViewSchema = z.object({
  pluginId: z.string(),
  name: z.string(),
  version: z.string().nullable(),
  status: z.enum(['enabled', 'disabled']),
});

/** `POST /plugins/install` as JSON. */
export const InstallRequestSchema = z
  .object({
    /** `https://` or `ssh://` git URL, `user@host:path`, a `file://` URL or an absolute path under an allowed folder. */
    source: z.string().min(1).max(4096),
    /** Git branch, tag or commit. */
    ref: z.string().min(1).max(255).optional(),
    /** The plugin's name instead of the manifest's. */
    name: z.string().min(1).max(100).optional(),
    /** Configuration values as `KEY=VALUE` (never bare names: the server's environment is not offered). */
    env: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*=/, 'each value must be KEY=VALUE'))
      .max(100)
      .optional(),
    /** Create the environment without installing dependencies. */
    noDeps: z.boolean().optional(),
    /** Agree to every confirmation (network permission, serious findings, dependencies). */
    yes: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'InstallRequest' });
/** `POST /plugins/install` as JSON. */
export type InstallRequest = z.infer<typeof InstallRequestSchema>;

/** `POST /plugins/{id}/update`. */
export const UpdateRequestSchema = InstallRequestSchema.omit({ source: true, name: true }).meta({
  id: 'UpdateRequest',
});

/** `POST /plugins/{id}/rollback`. */
export const RollbackRequestSchema = z
  .object({
    /** The version to make active; the one before the active one when omitted. */
    to: z.string().min(1).max(255).optional(),
  })
  .strict();

/** A background install or update. */
export const PluginOperationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(PLUGIN_OPERATION_KINDS),
    plugin: z.string().nullable(),
    source: z.string().nullable(),
    state: z.enum(PLUGIN_OPERATION_STATES),
    request: JsonObjectSchema,
    /** What the install did (status, version, validation, environment), once it succeeded. */
    result: z.unknown().nullable(),
    error: z
      .object({ code: z.string(), message: z.string(), details: JsonObjectSchema.optional() })
      .nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'PluginOperation' });

/** What `DELETE /plugins/{id}` did. */
export const UninstallResultSchema = z.object({
  plugin: PluginRecordViewSchema,
  versions: z.array(z.string()).readonly(),
});

/** What `POST /plugins/{id}/rollback` did. */
export const RollbackResultSchema = z.object({
  plugin: PluginRecordViewSchema,
  from: z.string().nullable(),
  to: z.string(),
});

/** `POST /plugins/{id}/execute`. */
export const ExecuteRequestSchema = z
  .object({
    capability: z.string().min(1).max(255),
    /** The capability's inputs. Strings are data: `${...}` in them is never evaluated. */
    inputs: JsonObjectSchema.default({}),
  })
  .strict()
  .meta({ id: 'ExecuteRequest' });

/** A capability call's result. */
export const ExecutionResultSchema = z
  .object({
    /** The one-step run the call was recorded as (its events: GET /runs/{runId}/events). */
    runId: z.string(),
    executionId: z.string().nullable(),
    state: z.enum(['succeeded', 'failed', 'cancelled', 'interrupted']),
    outputs: JsonObjectSchema,
    durationMs: z.number(),
    error: z
      .object({ code: z.string(), message: z.string(), details: JsonObjectSchema.optional() })
      .optional(),
  })
  .meta({ id: 'ExecutionResult' });

/** One recorded plugin call. */
export const PluginExecutionSchema = z
  .object({
    executionId: z.string(),
    pluginId: z.string(),
    pluginVersion: z.string().nullable(),
    capabilityName: z.string(),
    status: z.string(),
    executionTime: z.number().nullable(),
    startedAt: z.string(),
    completedAt: z.string().nullable(),
    inputs: z.unknown().nullable(),
    outputs: z.unknown().nullable(),
    errorMessage: z.string().nullable(),
    runId: z.string().nullable(),
    stepRunId: z.string().nullable(),
  })
  .meta({ id: 'PluginExecution' });

/** `GET /plugins/{id}/status`. */
export const PluginStatusSchema = z.object({
  plugin: z.string(),
  version: z.string().nullable(),
  enabled: z.boolean(),
  health: z.enum(['ok', 'warning', 'error']),
  checks: z
    .array(
      z.object({
        check: z.string(),
        status: z.enum(['ok', 'warning', 'error']),
        message: z.string(),
      }),
    )
    .readonly(),
  executions: z.object({
    total: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    lastAt: z.string().nullable(),
  }),
});

/** A capability of an enabled plugin. */
export const CapabilitySummarySchema = z
  .object({
    plugin: z.string(),
    pluginVersion: z.string(),
    capability: z.string(),
    description: z.string(),
    tags: z.array(z.string()).readonly(),
    inputs: z
      .array(
        z.object({
          name: z.string(),
          type: z.string().optional(),
          dataType: z.string().optional(),
          required: z.boolean(),
          description: z.string().optional(),
        }),
      )
      .readonly(),
    inputTypes: z.array(z.string()).readonly(),
    outputTypes: z.array(z.string()).readonly(),
  })
  .meta({ id: 'CapabilitySummary' });

/** A search hit. */
export const CapabilityHitSchema = CapabilitySummarySchema.extend({
  score: z.number(),
  matched: z.array(z.string()).readonly(),
}).meta({ id: 'CapabilityHit' });
