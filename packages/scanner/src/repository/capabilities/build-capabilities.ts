import type {
  CapabilityCandidate,
  CapabilityInvocation,
  CapabilitySource,
} from '../../profile/repository-profile';
import { compareText } from '../../profile/ordering';
import { type CapabilityContext, DEV_TOOLING, type SourceFile } from './capability-context';
import { uniqueNames } from './capability-names';
import { cliCapabilities } from './cli-capabilities';
import { functionCapabilities } from './function-capabilities';
import { applyReadmeUsage } from './readme-usage';
import { routeCapabilities } from './route-capabilities';
import { scriptCapabilities } from './script-capabilities';
import { toolCapabilities } from './tool-capabilities';

const FUNCTION_SOURCES = new Set<CapabilitySource>([
  'python-function',
  'node-function',
  'package-script',
]);

/** A candidate the repository declares or clearly offers: a console script or bin, or a confident command or route outside dev tooling. */
function isPrimary(candidate: CapabilityCandidate, declared: ReadonlySet<string>): boolean {
  if (FUNCTION_SOURCES.has(candidate.source)) return false;
  if ((candidate.commandNames ?? []).some((name) => declared.has(name))) return true;
  return candidate.confidence >= 0.7 && !DEV_TOOLING.test(candidate.evidence[0]?.file ?? '');
}

/**
 * Tells whether a function candidate is one the package declares as its API: exported by its
 * `main` module, or re-exported by the `__init__.py` of a package above it. The `__init__.py`
 * files are indexed once, so each candidate costs a lookup per package level.
 */
function declaredFunctionTest(
  context: CapabilityContext,
): (candidate: CapabilityCandidate) => boolean {
  const initImports = new Map<string, SourceFile['facts']['imports'][]>();
  for (const file of context.files.values()) {
    const packageName = file.python?.moduleName;
    if (!file.path.endsWith('__init__.py') || packageName === undefined) continue;
    initImports.set(packageName, [...(initImports.get(packageName) ?? []), file.facts.imports]);
  }
  return ({ invocation }) => {
    if (invocation.kind === 'node_function')
      return context.dependencies.libraryEntries.includes(invocation.module.replace(/^\.\//, ''));
    if (invocation.kind !== 'python_function') return false;
    const parts = invocation.module.split('.');
    for (let depth = 1; depth < parts.length; depth += 1) {
      const packageName = parts.slice(0, depth).join('.');
      const relative = `.${parts.slice(depth).join('.')}`;
      const declares = (imports: SourceFile['facts']['imports']) =>
        imports.some(
          (fact) =>
            (fact.module === relative || fact.module === invocation.module) &&
            fact.names.some((n) => n.name === invocation.function),
        );
      if (initImports.get(packageName)?.some(declares)) return true;
    }
    return false;
  };
}

/**
 * Next to real entry points, library functions and development scripts are not what a repository
 * offers: they are lowered under the default threshold (and say why), but stay in the profile.
 */
function demoteSecondary(candidates: CapabilityCandidate[], context: CapabilityContext): void {
  const declared = new Set(
    context.dependencies.scripts
      .filter((script) => script.kind !== 'npm-script')
      .map((script) => script.name),
  );
  if (!candidates.some((candidate) => isPrimary(candidate, declared))) return;
  const isDeclaredFunction = declaredFunctionTest(context);
  for (const candidate of candidates) {
    if (isPrimary(candidate, declared)) continue;
    if (
      FUNCTION_SOURCES.has(candidate.source) &&
      candidate.confidence > 0.4 &&
      !isDeclaredFunction(candidate)
    ) {
      candidate.confidence = 0.4;
      candidate.notes.push(
        'The repository has commands or routes; its functions are offered only when asked for.',
      );
    } else if (DEV_TOOLING.test(candidate.evidence[0]?.file ?? '')) {
      candidate.confidence = Math.round(candidate.confidence * 50) / 100;
      candidate.notes.push(
        `${candidate.evidence[0]!.file} is development tooling next to the repository's own entry points.`,
      );
    }
  }
}

const UNPARSED_SOURCES = new Set<CapabilitySource>([
  'main-script',
  'console-script',
  'package-bin',
]);

/**
 * The same program is often reachable several ways (`python -m pkg`, a console script, the module
 * itself); a script candidate whose arguments are unknown goes when a program with a parsed
 * command line answers to one of its names.
 */
function dropUnparsedDuplicates(candidates: CapabilityCandidate[]): void {
  const parsedNames = new Set(
    candidates
      .filter((c) => c.invocation.kind === 'cli' && !UNPARSED_SOURCES.has(c.source))
      .flatMap((c) => c.commandNames ?? []),
  );
  for (let i = candidates.length - 1; i >= 0; i--) {
    const candidate = candidates[i]!;
    if (
      UNPARSED_SOURCES.has(candidate.source) &&
      candidate.parameters.length === 0 &&
      (candidate.commandNames ?? []).some((name) => parsedNames.has(name))
    )
      candidates.splice(i, 1);
  }
}

/** Code with syntax errors will not import or run as it is: its capabilities drop under the threshold. */
function demoteBroken(candidates: CapabilityCandidate[], context: CapabilityContext): void {
  for (const candidate of candidates) {
    const file = context.files.get(candidate.evidence[0]?.file ?? '');
    const error = file?.facts.syntaxErrors[0];
    if (!error) continue;
    candidate.confidence = Math.round(candidate.confidence * 50) / 100;
    candidate.notes.push(
      `${file.path} has a syntax error at line ${error.line}; it will not run until that is fixed.`,
    );
  }
}

function invocationKey(invocation: CapabilityInvocation): string {
  switch (invocation.kind) {
    case 'cli':
      return `cli ${invocation.cwd ?? '.'} ${JSON.stringify(invocation.command)} ${invocation.subcommand.join(' ')}`;
    case 'python_function':
      return `py ${invocation.module}:${invocation.function}`;
    case 'node_function':
      return `node ${invocation.module}:${invocation.function}`;
    case 'http':
      return `http ${invocation.method} ${invocation.path}`;
  }
}

/**
 * Every capability candidate of a repository, one per entry point: command-line programs first,
 * then scripts, HTTP routes, agent tools and library functions (an entry point found twice keeps
 * its first, better-described candidate), README examples attached, names made unique, sorted by
 * confidence and then name.
 */
export function buildCapabilities(context: CapabilityContext): CapabilityCandidate[] {
  const seen = new Set<string>();
  const candidates: CapabilityCandidate[] = [];
  for (const candidate of [
    ...cliCapabilities(context),
    ...scriptCapabilities(context),
    ...routeCapabilities(context),
    ...toolCapabilities(context),
    ...functionCapabilities(context),
  ]) {
    const key = invocationKey(candidate.invocation);
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push(candidate);
  }
  candidates.push(...applyReadmeUsage(context, candidates));
  dropUnparsedDuplicates(candidates);
  demoteBroken(candidates, context);
  demoteSecondary(candidates, context);
  candidates.sort(
    (a, b) =>
      b.confidence - a.confidence ||
      compareText(a.name, b.name) ||
      compareText(a.evidence[0]?.file ?? '', b.evidence[0]?.file ?? ''),
  );
  const names = uniqueNames(candidates.map((candidate) => candidate.name));
  return candidates.map((candidate, index) => ({ ...candidate, name: names[index]! }));
}
