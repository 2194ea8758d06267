import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readDependencies } from '../dependencies/read-dependencies';
import type { FileFacts, ParsedLanguage } from '../profile/file-facts';
import { compareText } from '../profile/ordering';
import {
  type Evidence,
  type FileEntry,
  type ModuleProfile,
  PROFILE_SCHEMA_VERSION,
  type RepositoryProfile,
  type ScanRunInfo,
  type ScanWarning,
  ScanWarningCodes,
  type SymlinkEntry,
} from '../profile/repository-profile';
import { aggregateAgents } from './agents';
import { buildCapabilities } from './capabilities/build-capabilities';
import type { SourceFile } from './capabilities/capability-context';
import { COMPOSE_FILES, readComposeImages } from './compose-file';
import { ENV_EXAMPLE_FILES, type EnvExampleEntry, parseEnvExample } from './env-example-file';
import { aggregateEnvironment } from './environment';
import { buildImportGraph } from './import-graph';
import { locatePythonModules } from './python-modules';
import { pickReadme, readReadme } from './readme';
import { aggregateResources } from './resources';
import { aggregateServices } from './services';

/** What the file phase of a scan hands to the repository phase. */
export interface ProfileInputs {
  root: string;
  files: FileEntry[];
  symlinks: SymlinkEntry[];
  ignored: number;
  facts: ReadonlyMap<string, FileFacts>;
  warnings: ScanWarning[];
  scan: ScanRunInfo;
}

const MAX_SECONDARY_FILE = 1024 * 1024;

function readSmall(root: string, path: string, warnings: ScanWarning[]): string | undefined {
  try {
    const text = readFileSync(join(root, path), 'utf8');
    return text.length > MAX_SECONDARY_FILE ? text.slice(0, MAX_SECONDARY_FILE) : text;
  } catch (error) {
    warnings.push({
      code: ScanWarningCodes.MANIFEST_UNREADABLE,
      file: path,
      message: `${path} could not be read: ${(error as Error).message}`,
    });
    return undefined;
  }
}

function byFileAndLine<T extends { file: string; line?: number }>(a: T, b: T): number {
  return compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0);
}

/**
 * Turns the per-file facts of a scan into a {@link RepositoryProfile}: dependencies, README,
 * environment (code and example files), services, model calls, agents, resources, the import graph,
 * raw CLI/route/security facts with their files, and capability candidates. Tests are left out of
 * everything but the file list, the code structure and the security facts.
 */
export function buildProfile(inputs: ProfileInputs): RepositoryProfile {
  const { root, files, facts } = inputs;
  const warnings = [...inputs.warnings];
  const paths = files.map((file) => file.path);
  const kindOf = new Map(files.map((file) => [file.path, file.kind]));
  const dependencies = readDependencies(root, paths);
  for (const problem of dependencies.problems) {
    warnings.push({
      code: ScanWarningCodes.MANIFEST_UNREADABLE,
      file: problem.file,
      ...(problem.line !== undefined ? { line: problem.line } : {}),
      message: `${problem.file} ${problem.detail}`,
    });
  }
  const readmePath = pickReadme(paths);
  const readmeText = readmePath ? readSmall(root, readmePath, warnings) : undefined;
  const readme =
    readmePath && readmeText !== undefined ? readReadme(readmeText, readmePath) : undefined;

  const pythonLocations = locatePythonModules(
    [...facts.keys()].filter((path) => facts.get(path)!.language === 'python'),
  );
  const sourceFiles = new Map<string, SourceFile>();
  const modules: ModuleProfile[] = [];
  for (const [path, fileFacts] of facts) {
    const location = pythonLocations.get(path);
    sourceFiles.set(path, {
      path,
      kind: kindOf.get(path) ?? 'source',
      facts: fileFacts,
      ...(location ? { python: location } : {}),
    });
    modules.push({
      path,
      language: fileFacts.language,
      ...(location ? { moduleName: location.moduleName } : {}),
      lineCount: fileFacts.lineCount,
      functions: fileFacts.functions,
      classes: fileFacts.classes,
      imports: fileFacts.imports,
      exports: fileFacts.exports,
      ...(fileFacts.mainGuard ? { mainGuard: fileFacts.mainGuard } : {}),
      ...(fileFacts.shebang ? { shebang: fileFacts.shebang } : {}),
      syntaxErrors: fileFacts.syntaxErrors,
    });
    if (fileFacts.syntaxErrors.length > 0) {
      const first = fileFacts.syntaxErrors[0]!;
      warnings.push({
        code: ScanWarningCodes.SYNTAX_ERROR,
        file: path,
        line: first.line,
        message: `${path} has syntax errors (first at line ${first.line}, column ${first.column}); its facts come from the parts that parse.`,
      });
    }
    for (const failure of fileFacts.extractorFailures) {
      warnings.push({
        code: ScanWarningCodes.EXTRACTOR_FAILED,
        file: path,
        message: `The ${failure.extractor} extractor failed on ${path}: ${failure.message}`,
      });
    }
  }
  modules.sort((a, b) => compareText(a.path, b.path));
  const importGraph = buildImportGraph(modules, pythonLocations);

  const nonTest = [...sourceFiles.values()]
    .filter((file) => file.kind !== 'test')
    .sort((a, b) => compareText(a.path, b.path));
  const examples: { file: string; entries: EnvExampleEntry[] }[] = [];
  const composeImages: { file: string; image: string; line?: number }[] = [];
  for (const path of paths) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (ENV_EXAMPLE_FILES.test(name) && path.split('/').length <= 3) {
      const text = readSmall(root, path, warnings);
      if (text !== undefined) examples.push({ file: path, entries: parseEnvExample(text) });
    } else if (COMPOSE_FILES.test(name) && path.split('/').length <= 2) {
      const text = readSmall(root, path, warnings);
      if (text === undefined) continue;
      try {
        composeImages.push(
          ...readComposeImages(text).map((image) => ({
            file: path,
            image: image.image,
            ...(image.line !== undefined ? { line: image.line } : {}),
          })),
        );
      } catch (error) {
        warnings.push({
          code: ScanWarningCodes.MANIFEST_UNREADABLE,
          file: path,
          message: `${path} is not valid YAML: ${(error as Error).message}`,
        });
      }
    }
  }
  const environment = aggregateEnvironment(
    nonTest.flatMap((file) => file.facts.envReads.map((fact) => ({ file: file.path, fact }))),
    examples,
  );
  const dotenv: Evidence[] = nonTest.flatMap((file) =>
    file.facts.dotenvLoads.map((load) => ({
      file: file.path,
      line: load.line,
      detail: `${load.via}${load.path ? ` ${load.path}` : ''}`,
    })),
  );
  const services = aggregateServices(
    nonTest.flatMap((file) => file.facts.services.map((fact) => ({ file: file.path, fact }))),
    dependencies.dependencies,
    composeImages,
    environment,
    examples,
  );
  const agents = aggregateAgents(
    nonTest.map((file) => ({
      file: file.path,
      agents: file.facts.agents,
      llmCalls: file.facts.llmCalls,
    })),
  );
  const resources = aggregateResources(
    nonTest.map((file) => ({
      file: file.path,
      gpu: file.facts.resources.gpu,
      longRunning: file.facts.resources.longRunning,
    })),
    dependencies.dependencies,
  );
  const projectName = dependencies.project?.name ?? basename(root);
  const capabilities = buildCapabilities({
    files: sourceFiles,
    paths: new Set(paths),
    dependencies,
    importGraph,
    ...(readme ? { readme } : {}),
    projectName,
  });

  const languages: RepositoryProfile['summary']['languages'] = {};
  const kinds: RepositoryProfile['summary']['kinds'] = {};
  let bytes = 0;
  const parsedBytes = new Map<ParsedLanguage, number>();
  for (const file of files) {
    bytes += file.size;
    kinds[file.kind] = (kinds[file.kind] ?? 0) + 1;
    if (!file.language) continue;
    const entry = (languages[file.language] ??= { files: 0, bytes: 0 });
    entry.files += 1;
    entry.bytes += file.size;
    const parsed = facts.get(file.path)?.language;
    if (parsed && file.kind === 'source')
      parsedBytes.set(parsed, (parsedBytes.get(parsed) ?? 0) + file.size);
  }
  const primaryLanguage = [...parsedBytes.entries()].sort(
    (a, b) => b[1] - a[1] || compareText(a[0], b[0]),
  )[0]?.[0];
  const description = dependencies.project?.description ?? readme?.summary;
  return {
    schemaVersion: PROFILE_SCHEMA_VERSION,
    name: projectName,
    ...(description ? { description } : {}),
    root,
    summary: {
      files: files.length,
      bytes,
      languages: Object.fromEntries(
        Object.entries(languages).sort((a, b) => compareText(a[0], b[0])),
      ),
      ...(primaryLanguage ? { primaryLanguage } : {}),
      kinds: Object.fromEntries(Object.entries(kinds).sort((a, b) => compareText(a[0], b[0]))),
      ignored: inputs.ignored,
    },
    files,
    symlinks: inputs.symlinks,
    modules,
    importGraph,
    dependencies,
    environment,
    dotenv,
    dynamicEnvReads: nonTest
      .filter((file) => file.facts.dynamicEnvReads > 0)
      .map((file) => ({ file: file.path, count: file.facts.dynamicEnvReads })),
    services,
    llmCalls: nonTest
      .flatMap((file) => file.facts.llmCalls.map((call) => ({ ...call, file: file.path })))
      .sort(byFileAndLine),
    agents,
    resources,
    cliPrograms: nonTest.flatMap((file) =>
      file.facts.cliPrograms.map((program) => ({ ...program, file: file.path })),
    ),
    routes: nonTest.flatMap((file) =>
      file.facts.routes.map((route) => ({ ...route, file: file.path })),
    ),
    servers: nonTest.flatMap((file) =>
      file.facts.servers.map((server) => ({ ...server, file: file.path })),
    ),
    sensitiveCalls: [...sourceFiles.values()]
      .flatMap((file) => file.facts.sensitiveCalls.map((call) => ({ ...call, file: file.path })))
      .sort((a, b) => byFileAndLine(a, b) || a.column - b.column),
    capabilities,
    ...(readme ? { readme } : {}),
    warnings: warnings.sort(
      (a, b) =>
        compareText(a.file ?? '', b.file ?? '') ||
        (a.line ?? 0) - (b.line ?? 0) ||
        compareText(a.code, b.code),
    ),
    scan: inputs.scan,
  };
}
