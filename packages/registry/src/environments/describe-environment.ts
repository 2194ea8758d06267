import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PluginEnvironment, PluginManifest } from '@mark1/sdk';
import type { PluginValues } from '../secrets/plugin-values';
import { environmentKindOf } from './plugin-runtime';
import { venvBasePrefix, venvPython, VENV_FOLDER } from './python-environment';

/** Options of {@link describeEnvironment}. */
export interface DescribeEnvironmentOptions {
  /**
   * The Node.js binary node plugins run with.
   * @default process.execPath
   */
  node?: string;
}

/**
 * The {@link PluginEnvironment} of an installed plugin folder, as the executor needs it: the
 * interpreter, PATH additions, the plugin's own configuration values and secrets, and the folders
 * the sandbox must make readable (the virtualenv and the interpreter it points at).
 */
export function describeEnvironment(
  pluginDir: string,
  manifest: PluginManifest,
  values: PluginValues,
  options: DescribeEnvironmentOptions = {},
): PluginEnvironment {
  const kind = environmentKindOf(manifest, pluginDir);
  switch (kind) {
    case 'python': {
      const base = venvBasePrefix(pluginDir);
      return {
        kind,
        pythonExecutable: venvPython(pluginDir),
        pathPrepend: [join(pluginDir, VENV_FOLDER, 'bin')],
        variables: values.variables,
        secrets: values.secrets,
        readOnlyPaths: [join(pluginDir, VENV_FOLDER), ...(base ? [base] : [])],
      };
    }
    case 'node': {
      const node = options.node ?? process.execPath;
      const bin = join(pluginDir, 'node_modules', '.bin');
      return {
        kind,
        nodeExecutable: node,
        pathPrepend: existsSync(bin) ? [bin] : [],
        variables: values.variables,
        secrets: values.secrets,
        readOnlyPaths: [dirname(dirname(node))],
      };
    }
    case 'none':
      return {
        kind,
        pathPrepend: [],
        variables: values.variables,
        secrets: values.secrets,
        readOnlyPaths: [],
      };
  }
}
