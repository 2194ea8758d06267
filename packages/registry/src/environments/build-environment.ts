import type { PluginManifest } from '@mark1/sdk';
import type { EnvironmentOptions, EnvironmentReport } from './environment-report';
import { createNodeEnvironment, type NodeEnvironmentOptions } from './node-environment';
import { environmentKindOf } from './plugin-runtime';
import { createPythonEnvironment, type PythonEnvironmentOptions } from './python-environment';

/** Options of {@link buildEnvironment}: the Python and Node options together. */
export type BuildEnvironmentOptions = EnvironmentOptions &
  Pick<PythonEnvironmentOptions, 'python' | 'pip'> &
  Pick<NodeEnvironmentOptions, 'npm'>;

/** Builds the environment the plugin in `pluginDir` needs (virtualenv, node_modules, or nothing). */
export async function buildEnvironment(
  pluginDir: string,
  manifest: PluginManifest,
  options: BuildEnvironmentOptions = {},
): Promise<EnvironmentReport> {
  const kind = environmentKindOf(manifest, pluginDir);
  switch (kind) {
    case 'python':
      return createPythonEnvironment(pluginDir, manifest, options);
    case 'node':
      return createNodeEnvironment(pluginDir, manifest, options);
    case 'none': {
      const requested = [...manifest.dependencies.packages];
      return {
        kind: 'none',
        requested,
        installed: [],
        failed: [],
        skipped: requested,
        notes: [
          ...(requested.length
            ? [
                `dependencies.packages (${requested.join(', ')}) were not installed: the plugin has no Python or Node runtime`,
              ]
            : []),
          ...manifest.dependencies.system.map(
            (name) => `needs the system package ${name} (Mark-1 never installs system packages)`,
          ),
        ],
        durationMs: 0,
      };
    }
  }
}
