import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  findManifestFile,
  Mark1Error,
  type PluginManifest,
  readManifestFile,
  toPluginName,
  writeManifest,
} from '@mark1/sdk';
import type { RepositoryProfile } from '@mark1/scanner';
import type { PluginRecord } from '@mark1/storage';
import { buildEnvironment } from '../environments/build-environment';
import { describeEnvironment } from '../environments/describe-environment';
import type { EnvironmentReport } from '../environments/environment-report';
import { environmentKindOf, pluginTypeOf } from '../environments/plugin-runtime';
import type { PipSources } from '../environments/python-environment';
import { filesystemError, registryError, RegistryErrorCodes } from '../errors';
import { findPlugin, findVersion } from '../lookup/find-plugin';
import { assertPluginName } from '../plugin-layout';
import { nonInteractivePrompter, type Prompter } from '../prompts/prompter';
import type { RegistryContext } from '../registry-context';
import { splitPluginValues } from '../secrets/plugin-values';
import { fetchSource, type FetchedSource } from '../sources/fetch-source';
import { assertGitRef } from '../sources/git-source';
import { parseSource, type PluginSource } from '../sources/parse-source';
import { validatePlugin, type ReadManifestInfo } from '../validation/validate-plugin';
import type { ValidationReport } from '../validation/validation-report';
import { readInstallRecord, type InstallRecord } from '../versions/install-record';
import { chooseVersionLabel } from '../versions/version-label';
import { activateVersion } from '../versions/activate-version';
import {
  collectConfiguration,
  parseEnvAssignments,
  type CollectedConfiguration,
} from './configure';
import { confirmAll, confirmationsFor } from './confirmations';
import { beginOperation, removeIfEmpty, type OperationJournal } from './operation-journal';
import { registerVersion } from './register-version';
import { runSmokeTests, type SmokeTestReport } from './smoke-test';

/** Steps of an install or update, in order. */
export type InstallStep =
  | 'fetch'
  | 'manifest'
  | 'validate'
  | 'configure'
  | 'confirm'
  | 'environment'
  | 'smoke-test'
  | 'register';

/** Progress of an install or update, for display. */
export type InstallEvent =
  | { readonly type: 'step'; readonly step: InstallStep; readonly message: string }
  | {
      readonly type: 'manifest';
      readonly manifest: PluginManifest;
      /** `file` when the plugin had one, `generated` when the scanner wrote it. */
      readonly origin: 'file' | 'generated';
      /** The manifest file, relative to the plugin. */
      readonly file: string;
      readonly format: string;
      readonly warnings: readonly string[];
      /** What the scanner could not infer. */
      readonly uninferred: readonly string[];
    }
  | { readonly type: 'validation'; readonly report: ValidationReport }
  | {
      readonly type: 'configuration';
      readonly configuration: Omit<CollectedConfiguration, 'values'> & {
        readonly names: readonly string[];
      };
    }
  | { readonly type: 'environment'; readonly report: EnvironmentReport }
  | { readonly type: 'smoke-test'; readonly report: SmokeTestReport }
  | { readonly type: 'warning'; readonly message: string };

/** Options of an install. */
export interface InstallOptions {
  /** Git branch, tag or commit (a local folder is then cloned with git rather than copied). */
  ref?: string;
  /** The plugin's name, instead of the manifest's (sanitized: `My Tool` becomes `my-tool`). */
  name?: string;
  /** `KEY=VALUE` configuration values, or `KEY` to take KEY from the environment. */
  env?: readonly string[];
  /** Create the environment but install no dependencies. */
  noDeps?: boolean;
  /** Agree to every confirmation (network permission, serious findings, dependencies). */
  yes?: boolean;
  /** Asks for missing values and confirmations; without one nothing is asked and missing things fail. */
  prompter?: Prompter;
  /** Receives progress. */
  onEvent?: (event: InstallEvent) => void;
  /** Cancels the install; everything it did is removed. */
  signal?: AbortSignal;
  /**
   * Folder relative sources are resolved against.
   * @default process.cwd()
   */
  cwd?: string;
  /** Where pip may find packages (beats the registry's default). */
  pip?: PipSources;
}

/** Options of an update: an install's, without the name. */
export type UpdateOptions = Omit<InstallOptions, 'name' | 'cwd'>;

/** What an install or update did. */
export interface InstallResult {
  /**
   * `installed` (a new plugin), `updated` (a new version is active), `up-to-date` (the source has
   * not changed), `switched` (the source matches an installed older version, now active again).
   */
  readonly status: 'installed' | 'updated' | 'up-to-date' | 'switched';
  readonly plugin: PluginRecord;
  /** The active version label. */
  readonly version: string;
  /** The version that was active before an update. */
  readonly previousVersion?: string;
  /** The installed version's folder. */
  readonly path: string;
  readonly manifest: PluginManifest;
  readonly manifestOrigin: 'file' | 'generated';
  /** Absent for `up-to-date` and `switched`. */
  readonly validation?: ValidationReport;
  readonly environment?: EnvironmentReport;
  readonly smokeTest?: SmokeTestReport;
  /** Names of the values stored, secret ones listed separately; never the values. */
  readonly configuration?: {
    readonly names: readonly string[];
    readonly secrets: readonly string[];
    readonly unsetOptional: readonly string[];
  };
  readonly source: {
    readonly source: string;
    readonly kind: PluginSource['kind'];
    readonly ref?: string;
    readonly commitSha?: string;
    readonly dirty?: boolean;
  };
}

interface PipelineInput {
  readonly source: PluginSource;
  readonly ref?: string;
  readonly name?: string;
  readonly existing?: PluginRecord;
  readonly given: Record<string, string>;
  readonly options: InstallOptions;
}

function cancelled(error: unknown): Mark1Error {
  return registryError(
    RegistryErrorCodes.OPERATION_CANCELLED,
    'The operation was cancelled; everything it had done was removed.',
    {
      cause: error,
    },
  );
}

function validationFailure(name: string, report: ValidationReport): Mark1Error {
  const lines = report.errors.slice(0, 15).map((issue) => {
    const where = issue.file
      ? `${issue.file}${issue.line !== undefined ? `:${issue.line}` : ''}: `
      : '';
    return `  - ${where}${issue.capability ? `${issue.capability}: ` : ''}${issue.message}`;
  });
  const more = report.errors.length > 15 ? [`  … and ${report.errors.length - 15} more`] : [];
  return registryError(
    RegistryErrorCodes.VALIDATION_FAILED,
    `${name} did not pass validation (${report.errors.length} error${report.errors.length === 1 ? '' : 's'}); nothing was installed:\n${[...lines, ...more].join('\n')}\nFix these in the plugin and install again (\`mark1 plugin validate <folder>\` checks it).`,
    { details: { report } },
  );
}

async function readOrGenerateManifest(
  context: RegistryContext,
  fetched: FetchedSource,
  suggestedName: string,
  signal: AbortSignal | undefined,
): Promise<{
  info: ReadManifestInfo;
  origin: 'file' | 'generated';
  uninferred: readonly string[];
  profile?: RepositoryProfile;
}> {
  const file = findManifestFile(fetched.root);
  if (file) {
    const read = readManifestFile(file);
    return {
      info: { manifest: read.manifest, file, format: read.format, warnings: read.warnings },
      origin: 'file',
      uninferred: [],
    };
  }
  if (!context.generateManifest) {
    throw registryError(
      RegistryErrorCodes.MANIFEST_MISSING,
      `${fetched.source} has no manifest (mark1.plugin.yml, plugin.yaml or manifest.json), and no repository scanner is available to write one. Add a mark1.plugin.yml (\`mark1 plugin generate\` shows the format) and install again.`,
      { details: { source: fetched.source } },
    );
  }
  const generated = await context.generateManifest(fetched.root, {
    name: toPluginName(suggestedName),
    signal,
  });
  if (!generated) {
    throw registryError(
      RegistryErrorCodes.MANIFEST_MISSING,
      `${fetched.source} has no manifest and the scanner found nothing it could call (no CLI, functions, routes or tools). Write a mark1.plugin.yml describing its capabilities and install again.`,
      { details: { source: fetched.source } },
    );
  }
  const path = join(fetched.root, 'mark1.plugin.yml');
  const yaml =
    generated.yaml ??
    writeManifest(
      generated.manifest,
      'Generated by Mark-1 from a scan of the repository; edit it to correct what was inferred.',
    );
  try {
    writeFileSync(path, yaml, { flag: 'wx' });
  } catch (error) {
    throw filesystemError('write the generated manifest', path, error);
  }
  const read = readManifestFile(path);
  return {
    info: { manifest: read.manifest, file: path, format: read.format, warnings: read.warnings },
    origin: 'generated',
    uninferred: generated.uninferred,
    ...(generated.profile ? { profile: generated.profile } : {}),
  };
}

/** Requirements the environment step would install, for the confirmation. */
function plannedDependencies(root: string, manifest: PluginManifest): string[] {
  const kind = environmentKindOf(manifest, root);
  const listed = [
    ...manifest.dependencies.packages,
    ...manifest.dependencies.requirements.map((file) => `-r ${file}`),
  ];
  if (kind !== 'node') return kind === 'python' ? listed : [];
  try {
    const json = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    return [
      ...Object.entries(json.dependencies ?? {}).map(([name, range]) => `${name}@${range}`),
      ...manifest.dependencies.packages,
    ];
  } catch {
    return [...manifest.dependencies.packages];
  }
}

async function runPipeline(context: RegistryContext, input: PipelineInput): Promise<InstallResult> {
  const { options, existing } = input;
  const emit = options.onEvent ?? (() => undefined);
  const prompter = options.prompter ?? nonInteractivePrompter;
  const signal = options.signal;
  const repositories = context.storage;
  const journal: OperationJournal = beginOperation(
    context.layout,
    existing ? 'update' : 'install',
    existing?.name ?? input.name ?? toPluginName(input.source.suggestedName),
  );
  let moved: string | undefined;
  let createdPluginDir: string | undefined;
  try {
    mkdirSync(journal.record.staging, { recursive: true, mode: 0o700 });
    signal?.throwIfAborted();
    emit({
      type: 'step',
      step: 'fetch',
      message: `Fetching ${input.source.kind === 'git' ? `${input.source.url}${input.ref ? ` at ${input.ref}` : ''}` : input.source.kind === 'archive' ? `the archive ${input.source.path}` : `the folder ${input.source.path}`}`,
    });
    const fetched = await fetchSource(input.source, join(journal.record.staging, 'tree'), {
      ref: input.ref,
      limits: context.settings.limits,
      signal,
      onSpawn: (pid) => journal.addChild(pid),
      env: context.settings.env,
    });
    if (fetched.dirty)
      emit({
        type: 'warning',
        message: `${fetched.source} has uncommitted changes; they were installed as they are`,
      });

    signal?.throwIfAborted();
    emit({ type: 'step', step: 'manifest', message: 'Reading the manifest' });
    const read = await readOrGenerateManifest(
      context,
      fetched,
      input.name ?? input.source.suggestedName,
      signal,
    );
    const name = assertPluginName(
      existing?.name ??
        (input.name !== undefined ? toPluginName(input.name) : read.info.manifest.plugin.name),
    );
    if (!existing) {
      const taken = await repositories.plugins.getByName(name);
      if (taken) {
        throw registryError(
          RegistryErrorCodes.PLUGIN_ALREADY_INSTALLED,
          `A plugin named "${name}" is already installed (version ${taken.version ?? '?'}, from ${taken.source ?? 'unknown'}). Update it with \`mark1 plugin update ${name}\`, or install this one under another name with --name.`,
          { details: { name } },
        );
      }
    }
    const manifest: PluginManifest = {
      ...read.info.manifest,
      plugin: { ...read.info.manifest.plugin, name },
    };
    journal.update({ plugin: name });
    emit({
      type: 'manifest',
      manifest,
      origin: read.origin,
      file: relative(fetched.root, read.info.file),
      format: read.info.format,
      warnings: read.info.warnings,
      uninferred: read.uninferred,
    });

    const versions = existing ? await repositories.pluginVersions.list(existing.pluginId) : [];
    const choice = chooseVersionLabel(manifest.plugin.version, fetched, versions);
    if (choice.identical && existing) {
      const sameAsActive = choice.identical.version === existing.version;
      const plugin = sameAsActive
        ? existing
        : await activateVersion(context, existing, choice.identical, 'plugin.update');
      return {
        status: sameAsActive ? 'up-to-date' : 'switched',
        plugin,
        version: choice.identical.version,
        ...(sameAsActive ? {} : { previousVersion: existing.version ?? undefined }),
        path: choice.identical.path,
        manifest,
        manifestOrigin: read.origin,
        source: {
          source: fetched.source,
          kind: fetched.kind,
          ref: fetched.ref,
          commitSha: fetched.commitSha,
          dirty: fetched.dirty,
        },
      };
    }
    const label = choice.identical ? choice.identical.version : choice.label!;

    signal?.throwIfAborted();
    emit({
      type: 'step',
      step: 'validate',
      message: 'Validating (manifest, entry points, security scan, scores)',
    });
    const validation = await validatePlugin(fetched.root, {
      manifest: read.info,
      profile: read.profile,
      signal,
    });
    emit({ type: 'validation', report: validation });
    if (!validation.valid) throw validationFailure(name, validation);

    emit({ type: 'step', step: 'configure', message: 'Collecting configuration values' });
    const stored = existing
      ? new Set(await context.values.names(repositories, existing.pluginId))
      : undefined;
    const configuration = await collectConfiguration(manifest, {
      given: input.given,
      stored,
      prompter,
      plugin: name,
    });
    const { values: _values, ...shown } = configuration;
    emit({
      type: 'configuration',
      configuration: { ...shown, names: Object.keys(configuration.values) },
    });
    for (const undeclared of configuration.undeclared) {
      emit({
        type: 'warning',
        message: `--env ${undeclared} is not declared in the manifest's environment; it is stored and given to the plugin anyway`,
      });
    }

    emit({ type: 'step', step: 'confirm', message: 'Checking what needs your consent' });
    const dependencies = options.noDeps ? [] : plannedDependencies(fetched.root, manifest);
    await confirmAll(confirmationsFor(manifest, validation, dependencies), {
      yes: options.yes ?? false,
      prompter,
    });

    signal?.throwIfAborted();
    const pluginDir = context.layout.pluginDir(name);
    const target = context.layout.versionDir(name, label);
    if (existsSync(target)) {
      throw registryError(
        RegistryErrorCodes.FILESYSTEM_ERROR,
        `${target} already exists but no installed version uses it (left by another program?). Remove it and try again.`,
        { details: { path: target } },
      );
    }
    if (!existsSync(pluginDir)) createdPluginDir = pluginDir;
    journal.update({
      targets: [target],
      committedPath: target,
      ...(createdPluginDir ? { createdPluginDir } : {}),
    });
    try {
      mkdirSync(pluginDir, { recursive: true, mode: 0o755 });
      renameSync(fetched.root, target);
    } catch (error) {
      throw filesystemError('move the plugin into', target, error);
    }
    moved = target;

    signal?.throwIfAborted();
    emit({
      type: 'step',
      step: 'environment',
      message: options.noDeps
        ? 'Creating the environment (no dependencies: --no-deps)'
        : 'Creating the environment',
    });
    const environment = await buildEnvironment(target, manifest, {
      noDeps: options.noDeps,
      signal,
      onSpawn: (pid) => journal.addChild(pid),
      env: context.settings.env,
      python: context.settings.python,
      npm: context.settings.npm,
      pip: options.pip ?? context.settings.pip,
      onStep: (message) => emit({ type: 'step', step: 'environment', message }),
    });
    emit({ type: 'environment', report: environment });

    signal?.throwIfAborted();
    emit({ type: 'step', step: 'smoke-test', message: "Running the capabilities' examples" });
    const pluginId = existing?.pluginId ?? randomUUID();
    const allValues = {
      ...(existing ? await context.values.load(repositories, existing.pluginId) : {}),
      ...configuration.values,
    };
    const smokeTest = await runSmokeTests(
      {
        id: pluginId,
        name,
        version: label,
        directory: target,
        manifest,
        environment: describeEnvironment(target, manifest, splitPluginValues(manifest, allValues)),
      },
      context.smokeTester,
      { signal },
    );
    emit({ type: 'smoke-test', report: smokeTest });
    if (smokeTest.status === 'failed') {
      const failed = smokeTest.results.filter((result) => result.status === 'failed');
      await confirmAll(
        [
          {
            id: 'smoke-test',
            message: `The example of ${failed.map((result) => `${result.capability} failed (${result.mismatches?.join('; ') ?? result.error})`).join(', ')}. Install anyway?`,
          },
        ],
        { yes: options.yes ?? false, prompter },
      );
    }

    signal?.throwIfAborted();
    emit({ type: 'step', step: 'register', message: 'Registering' });
    const record: InstallRecord = {
      validation,
      environment,
      smokeTest,
      source: {
        kind: fetched.kind,
        digest: fetched.digest,
        ...(fetched.dirty !== undefined ? { dirty: fetched.dirty } : {}),
        ...(fetched.skipped.length ? { skipped: fetched.skipped } : {}),
      },
      manifestOrigin: read.origin,
      manifestVersion: read.info.manifest.plugin.version,
      installedAt: new Date().toISOString(),
    };
    const plugin = await registerVersion(context.storage, context.values, {
      existing,
      pluginId,
      name,
      pluginType: pluginTypeOf(manifest, environment.kind),
      manifest,
      version: label,
      path: target,
      source: fetched.source,
      ref: fetched.ref,
      commitSha: fetched.commitSha,
      record,
      values: configuration.values,
      actor: context.settings.actor,
    });
    moved = undefined;
    context.invalidate();
    return {
      status: existing ? 'updated' : 'installed',
      plugin,
      version: label,
      ...(existing?.version ? { previousVersion: existing.version } : {}),
      path: target,
      manifest,
      manifestOrigin: read.origin,
      validation,
      environment,
      smokeTest,
      configuration: {
        names: Object.keys(configuration.values),
        secrets: configuration.secrets,
        unsetOptional: configuration.unsetOptional,
      },
      source: {
        source: fetched.source,
        kind: fetched.kind,
        ref: fetched.ref,
        commitSha: fetched.commitSha,
        dirty: fetched.dirty,
      },
    };
  } catch (error) {
    if (moved) rmSync(moved, { recursive: true, force: true });
    removeIfEmpty(createdPluginDir);
    if (
      signal?.aborted &&
      !(Mark1Error.isInstance(error) && error.code === RegistryErrorCodes.OPERATION_CANCELLED)
    ) {
      throw cancelled(error);
    }
    throw error;
  } finally {
    rmSync(journal.record.staging, { recursive: true, force: true });
    journal.finish();
  }
}

/**
 * Installs a plugin from a git URL, a local folder or an archive: fetch into a staging folder,
 * read (or generate) the manifest, validate, collect configuration, get consent, move into
 * `<plugins>/<name>/<version>`, build its environment, run its examples, and register everything
 * in one transaction. Any failure or cancellation removes every file and row it made.
 */
export async function installPlugin(
  context: RegistryContext,
  source: string,
  options: InstallOptions = {},
): Promise<InstallResult> {
  await context.ensureRecovered();
  if (options.ref !== undefined) assertGitRef(options.ref);
  const parsed = parseSource(source, {
    cwd: options.cwd ?? process.cwd(),
    wantsGit: options.ref !== undefined,
  });
  if (options.name !== undefined) assertPluginName(toPluginName(options.name));
  const given = parseEnvAssignments(options.env ?? [], context.settings.env);
  return runPipeline(context, {
    source: parsed,
    ref: options.ref,
    name: options.name,
    given,
    options,
  });
}

/**
 * Installs the newest content of an installed plugin's source (at `ref`, else the ref it was
 * installed from) as a new version and makes it active. The old version stays installed, so a
 * rollback is instant; if the new version fails validation (or anything else), the old one stays
 * active and nothing is left behind.
 */
export async function updatePlugin(
  context: RegistryContext,
  nameOrId: string,
  options: UpdateOptions = {},
): Promise<InstallResult> {
  await context.ensureRecovered();
  const existing = await findPlugin(context.storage, nameOrId);
  if (!existing.source) {
    throw registryError(
      RegistryErrorCodes.PLUGIN_NOT_FOUND,
      `Plugin ${existing.name} has no recorded source to update from; reinstall it.`,
      {
        details: { plugin: existing.name },
      },
    );
  }
  if (options.ref !== undefined) assertGitRef(options.ref);
  const active = existing.version
    ? await findVersion(context.storage, existing).catch(() => undefined)
    : undefined;
  const wasGit = readInstallRecord(active?.validationReport)?.source.kind === 'git';
  const parsed = parseSource(existing.source, {
    cwd: '/',
    wantsGit: wasGit || options.ref !== undefined,
  });
  const given = parseEnvAssignments(options.env ?? [], context.settings.env);
  const ref = options.ref ?? existing.ref ?? undefined;
  return runPipeline(context, { source: parsed, ref, existing, given, options });
}
