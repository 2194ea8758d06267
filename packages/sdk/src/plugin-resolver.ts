import type { PluginManifest } from './manifest/schema';

/** The environment a plugin was installed with, as the executor needs it to start the plugin. */
export interface PluginEnvironment {
  /** `python` (a virtualenv), `node` (a node_modules folder) or `none`. */
  readonly kind: 'python' | 'node' | 'none';
  /** The interpreter to run Python code with (the virtualenv's python), when `kind` is `python`. */
  readonly pythonExecutable?: string;
  /** The Node.js binary to run JavaScript with, when `kind` is `node`. */
  readonly nodeExecutable?: string;
  /** Folders to put first on PATH (the virtualenv's bin, node_modules/.bin). */
  readonly pathPrepend: readonly string[];
  /** Non-secret configuration values given at install time (`--env KEY=VALUE`). */
  readonly variables: Readonly<Record<string, string>>;
  /** This plugin's own secrets, decrypted; never another plugin's. */
  readonly secrets: Readonly<Record<string, string>>;
  /** Folders the sandbox must make readable for the environment to work (the venv, the interpreter's prefix). */
  readonly readOnlyPaths: readonly string[];
}

/** An installed plugin, resolved for execution. */
export interface ResolvedPlugin {
  /** Registry id of the plugin. */
  readonly id: string;
  /** The plugin's name (as workflow steps refer to it). */
  readonly name: string;
  /** The active version. */
  readonly version: string;
  /** Absolute path of the installed plugin's folder (mounted read-only in the sandbox). */
  readonly directory: string;
  /** Its normalized manifest. */
  readonly manifest: PluginManifest;
  /** How to start it. */
  readonly environment: PluginEnvironment;
}

/**
 * How the executor finds installed plugins. The apps wire it to the registry; tests may give a
 * folder-backed one. The executor never imports the registry.
 */
export interface PluginResolver {
  /** The installed, enabled plugin named `plugin` (throws a Mark1Error with a clear code when absent). */
  resolve(plugin: string): Promise<ResolvedPlugin>;
}
