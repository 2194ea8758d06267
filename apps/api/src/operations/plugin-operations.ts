import { rmSync } from 'node:fs';
import { Mark1Error, toMark1Error } from '@mark1/sdk';
import { nonInteractivePrompter, type InstallOptions, type InstallResult } from '@mark1/registry';
import type { PluginOperationRecord } from '@mark1/storage';
import type { ApiServices } from '../server/services';

/** The options of an install or update the API accepts (no prompts, no server environment). */
export interface OperationOptions {
  readonly ref?: string;
  readonly name?: string;
  readonly env?: readonly string[];
  readonly noDeps?: boolean;
  readonly yes?: boolean;
}

/** What to start. */
export type OperationRequest =
  | {
      readonly kind: 'install';
      /** What the registry installs from (already confined to allowed folders, or a temporary upload). */
      readonly source: string;
      /** The source as the client named it (an uploaded file's name), for the record. */
      readonly displaySource: string;
      /** A temporary file to delete when the install ends (an uploaded archive). */
      readonly cleanup?: string;
      readonly options: OperationOptions;
      readonly actor: string;
    }
  | {
      readonly kind: 'update';
      readonly plugin: string;
      readonly options: OperationOptions;
      readonly actor: string;
    };

/** What an operation record keeps of an install's result: no server paths, no values. */
function summarize(result: InstallResult): Record<string, unknown> {
  return {
    status: result.status,
    plugin: result.plugin.name,
    pluginId: result.plugin.pluginId,
    version: result.version,
    ...(result.previousVersion ? { previousVersion: result.previousVersion } : {}),
    manifestOrigin: result.manifestOrigin,
    capabilities: result.manifest.capabilities.map((capability) => capability.name),
    ...(result.validation
      ? {
          validation: {
            valid: result.validation.valid,
            certification: result.validation.certification,
            scores: result.validation.scores,
            warnings: result.validation.warnings.length,
            findings: result.validation.findings.length,
          },
        }
      : {}),
    ...(result.environment
      ? {
          environment: {
            kind: result.environment.kind,
            installed: result.environment.installed,
            failed: result.environment.failed,
            skipped: result.environment.skipped,
          },
        }
      : {}),
    ...(result.smokeTest ? { smokeTest: result.smokeTest } : {}),
    ...(result.configuration ? { configuration: result.configuration } : {}),
    source: result.source,
  };
}

function installOptions(options: OperationOptions, signal: AbortSignal): InstallOptions {
  return {
    ...(options.ref ? { ref: options.ref } : {}),
    ...(options.name ? { name: options.name } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.noDeps ? { noDeps: true } : {}),
    ...(options.yes ? { yes: true } : {}),
    prompter: nonInteractivePrompter,
    signal,
  };
}

/**
 * Records an install or update as a `pending` operation and runs it in the background through the
 * registry; the operation ends `succeeded` with a summary of what was installed, or `failed` with
 * the registry's error (everything half-done is rolled back by the registry). Returns the record
 * at once, for a 202 answer.
 */
export async function startPluginOperation(
  services: ApiServices,
  request: OperationRequest,
): Promise<PluginOperationRecord> {
  const { storage, registry, tasks } = services;
  const recorded = {
    ...request.options,
    ...(request.options.env
      ? { env: request.options.env.map((entry) => entry.split('=')[0]!) }
      : {}),
  };
  let operation: PluginOperationRecord;
  try {
    operation = await storage.pluginOperations.create({
      kind: request.kind,
      source: request.kind === 'install' ? request.displaySource : null,
      plugin: request.kind === 'update' ? request.plugin : null,
      request: recorded,
      createdBy: request.actor,
    });
  } catch (error) {
    if (request.kind === 'install' && request.cleanup)
      rmSync(request.cleanup, { recursive: true, force: true });
    throw error;
  }
  tasks.start(`plugin ${request.kind} ${operation.id}`, async (signal) => {
    try {
      await storage.pluginOperations.transition(operation.id, 'running');
      const result =
        request.kind === 'install'
          ? await registry.install(request.source, installOptions(request.options, signal))
          : await registry.update(request.plugin, installOptions(request.options, signal));
      await storage.pluginOperations.transition(operation.id, 'succeeded', {
        plugin: result.plugin.name,
        result: summarize(result),
      });
    } catch (error) {
      const failure = toMark1Error(error);
      const interrupted = signal.aborted;
      await storage.pluginOperations.transition(
        operation.id,
        interrupted ? 'interrupted' : 'failed',
        {
          error: {
            code: failure.code,
            message: failure.message,
            ...(Mark1Error.isInstance(error) ? { details: safeDetails(error.details) } : {}),
          },
        },
      );
    } finally {
      if (request.kind === 'install' && request.cleanup)
        rmSync(request.cleanup, { recursive: true, force: true });
    }
  });
  return operation;
}

/** Details of an error that can be stored as JSON (drops what does not serialize). */
function safeDetails(details: Record<string, unknown>): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
  } catch {
    return {};
  }
}
