import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { PluginManifest } from '@mark1/sdk';

/** The kind of environment a plugin needs. */
export type EnvironmentKind = 'python' | 'node' | 'none';

const PYTHON_COMMANDS = /^python(\d+(\.\d+)?)?$/;
const NODE_COMMANDS = new Set(['node', 'nodejs', 'npx', 'tsx']);

/**
 * Which environment a plugin needs: the manifest's `runtime` when it says python or node, else
 * what its entry points call (`python_function`, `node_function`, a `cli` starting with python or
 * node), else what its folder holds (requirements.txt / pyproject.toml, package.json).
 */
export function environmentKindOf(manifest: PluginManifest, pluginDir?: string): EnvironmentKind {
  const runtime = manifest.plugin.runtime;
  if (runtime === 'python' || runtime === 'node') return runtime;
  if (runtime === 'http' || runtime === 'container') return 'none';
  for (const capability of manifest.capabilities) {
    const entry = capability.entry_point;
    if (entry.type === 'python_function') return 'python';
    if (entry.type === 'node_function') return 'node';
    if (entry.type === 'cli') {
      const program = basename(entry.command[0] ?? '');
      if (PYTHON_COMMANDS.test(program)) return 'python';
      if (NODE_COMMANDS.has(program)) return 'node';
      if (/\.py$/.test(program)) return 'python';
      if (/\.(mjs|cjs|js)$/.test(program)) return 'node';
    }
  }
  if (pluginDir) {
    if (
      ['requirements.txt', 'pyproject.toml', 'setup.py'].some((file) =>
        existsSync(join(pluginDir, file)),
      )
    )
      return 'python';
    if (existsSync(join(pluginDir, 'package.json'))) return 'node';
  }
  if (manifest.dependencies.python) return 'python';
  if (manifest.dependencies.node) return 'node';
  return 'none';
}

/** The storage `plugin_type` of a manifest: how it is called, in seed 000's vocabulary. */
export function pluginTypeOf(manifest: PluginManifest, kind: EnvironmentKind): string {
  const types = new Set(manifest.capabilities.map((capability) => capability.entry_point.type));
  if (types.has('python_function')) return 'python_library';
  if (types.has('node_function')) return 'node_package';
  if (types.has('http')) return 'http_service';
  if (types.has('container')) return 'container';
  return kind === 'none' ? 'cli_tool' : `${kind}_cli`;
}
