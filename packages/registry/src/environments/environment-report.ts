/** One dependency that could not be installed. */
export interface FailedDependency {
  /** The requirement or package spec as declared. */
  readonly requirement: string;
  /** Why, in the installer's words. */
  readonly reason: string;
}

/** What was installed into a plugin's environment, and what could not be. */
export interface EnvironmentReport {
  /** `python` (a virtualenv), `node` (node_modules) or `none`. */
  readonly kind: 'python' | 'node' | 'none';
  /** The virtualenv or node_modules folder. */
  readonly location?: string;
  /** The interpreter (virtualenv python, or node) and its version. */
  readonly interpreter?: { readonly path: string; readonly version: string };
  /** Requirements asked for: pip requirement strings and files (`-r requirements.txt`), or npm specs. */
  readonly requested: readonly string[];
  /** Packages present after the install, with versions. */
  readonly installed: readonly { readonly name: string; readonly version: string }[];
  /** Requirements that could not be installed. */
  readonly failed: readonly FailedDependency[];
  /** Requirements deliberately not installed (`--no-deps`). */
  readonly skipped: readonly string[];
  /** Other facts the user should know (install scripts not run, undeclared requirement files). */
  readonly notes: readonly string[];
  /** Milliseconds spent creating the environment and installing dependencies. */
  readonly durationMs: number;
}

/** Options shared by the environment builders. */
export interface EnvironmentOptions {
  /** Do not install dependencies (the environment itself is still created). */
  noDeps?: boolean;
  signal?: AbortSignal;
  /** Called with each child pid (recorded in the install journal). */
  onSpawn?: (pid: number) => void;
  /** Base environment for installers; MARK1_SECRET_KEY is always removed. */
  env?: NodeJS.ProcessEnv;
  /** Called before a slow step starts, for progress output. */
  onStep?: (message: string) => void;
}

/** The environment for installer processes: the base one without Mark-1's secret key. */
export function installerEnvironment(base: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const { MARK1_SECRET_KEY: _secret, ...env } = base ?? process.env;
  return env;
}
