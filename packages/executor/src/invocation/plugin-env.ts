import type { ResolvedPlugin } from '@mark1/sdk';
import { ExecutorErrorCodes, executorError } from '../errors';
import { asText, type EntryScope, renderEntryTemplate } from './templates';
import type { Workspace } from './workspace';

/** Who is calling, for the `MARK1_*` variables. */
export interface CallLabels {
  readonly runId?: string;
  readonly stepId?: string;
  readonly itemIndex?: number;
  readonly attempt: number;
  readonly plugin: string;
  readonly capability: string;
}

/** The PATH every plugin gets after its own folders. */
export const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/**
 * Inputs larger than this (as JSON) are given in a file, `MARK1_INPUT_FILE`, instead of
 * `MARK1_INPUT` (Linux refuses environment strings over 128 KiB).
 */
export const MAX_INPUT_ENV_BYTES = 96 * 1024;

/**
 * The whole environment of a plugin process, built from nothing: PATH (the plugin's environment
 * first), HOME and TMPDIR in its workspace, the `MARK1_*` run variables, the variables its manifest
 * declares (values from its install-time configuration, its own secrets, or the declared default),
 * and its entry point's `env` templates. The inputs are in `MARK1_INPUT` (JSON), or in the file
 * `MARK1_INPUT_FILE` when too large. The orchestrator's own environment never leaks in.
 * Throws `ENV_MISSING` for a required variable without a value.
 */
export function buildPluginEnv(options: {
  plugin: ResolvedPlugin;
  labels: CallLabels;
  workspace: Workspace;
  inputsJson: string;
  scope: EntryScope;
  entryEnv?: Readonly<Record<string, string>>;
  extra?: Readonly<Record<string, string>>;
}): Record<string, string> {
  const { plugin, labels, workspace } = options;
  const environment = plugin.environment;
  const env: Record<string, string> = {
    PATH: [...environment.pathPrepend, SYSTEM_PATH].join(':'),
    HOME: workspace.workDir,
    TMPDIR: workspace.workDir,
    LANG: 'C.UTF-8',
  };
  for (const [name, value] of Object.entries(environment.variables)) env[name] = value;
  for (const variable of plugin.manifest.environment) {
    const value = variable.secret
      ? environment.secrets[variable.name]
      : (environment.variables[variable.name] ??
        environment.secrets[variable.name] ??
        variable.default);
    if (value !== undefined) {
      env[variable.name] = value;
    } else if (variable.required) {
      throw executorError(
        ExecutorErrorCodes.ENV_MISSING,
        `Plugin "${plugin.name}" needs ${variable.secret ? 'the secret' : 'the variable'} ${variable.name}${variable.description ? ` (${variable.description})` : ''}, which has no value. Set it with \`mark1 plugin configure ${plugin.name}\`.`,
        { details: { plugin: plugin.name, variable: variable.name } },
      );
    }
  }
  for (const [name, template] of Object.entries(options.entryEnv ?? {})) {
    env[name] = asText(
      renderEntryTemplate(
        template,
        options.scope,
        `env.${name} of ${plugin.name}/${labels.capability}`,
      ),
    );
  }
  Object.assign(env, options.extra ?? {});
  Object.assign(env, {
    MARK1_OUTPUT_DIR: workspace.outputDir,
    MARK1_WORK_DIR: workspace.workDir,
    MARK1_PLUGIN: plugin.name,
    MARK1_PLUGIN_VERSION: plugin.version,
    MARK1_PLUGIN_DIR: plugin.directory,
    MARK1_CAPABILITY: labels.capability,
    MARK1_ATTEMPT: String(labels.attempt),
    ...(labels.runId ? { MARK1_RUN_ID: labels.runId } : {}),
    ...(labels.stepId ? { MARK1_STEP_ID: labels.stepId } : {}),
    ...(labels.itemIndex === undefined ? {} : { MARK1_ITEM_INDEX: String(labels.itemIndex) }),
  });
  if (workspace.inputFile) env.MARK1_INPUT_FILE = workspace.inputFile;
  else env.MARK1_INPUT = options.inputsJson;
  return env;
}
