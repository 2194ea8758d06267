import type { RepositoryProfile } from '@mark1/scanner';
import type { PluginManifest } from '@mark1/sdk';
import type { Storage } from '@mark1/storage';
import type { PipSources } from './environments/python-environment';
import type { SmokeTester } from './install/smoke-test';
import type { PluginLayout } from './plugin-layout';
import type { PluginValueStore } from './secrets/plugin-values';
import type { SourceLimits } from './sources/source-limits';

/** A manifest written for a repository that has none (by `@mark1/scanner`). */
export interface GeneratedManifest {
  readonly manifest: PluginManifest;
  /** Facts the generator could not work out (shown to the user). */
  readonly uninferred: readonly string[];
  /** The YAML to write as mark1.plugin.yml (`writeManifest` of `manifest` when absent). */
  readonly yaml?: string;
  /** The scan it was generated from, reused by validation (no second scan). */
  readonly profile?: RepositoryProfile;
}

/** Writes a manifest for a plugin folder that has none; undefined when nothing callable was found. */
export type ManifestGenerator = (
  root: string,
  hints: { readonly name: string; readonly signal?: AbortSignal },
) => Promise<GeneratedManifest | undefined>;

/** What every registry operation shares. Internal. */
export interface RegistryContext {
  readonly storage: Storage;
  readonly layout: PluginLayout;
  readonly values: PluginValueStore;
  readonly smokeTester?: SmokeTester;
  readonly generateManifest?: ManifestGenerator;
  readonly settings: {
    readonly python: string;
    readonly npm: string;
    readonly pip: PipSources;
    readonly limits: SourceLimits;
    readonly env: NodeJS.ProcessEnv;
    readonly actor: string;
  };
  /** Rolls back operations interrupted by a crash, once per registry, before the first operation. */
  ensureRecovered(): Promise<void>;
  /** Drops cached search indexes and catalogs after a change. */
  invalidate(): void;
}
