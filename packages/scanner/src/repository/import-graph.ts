import type { ImportFact } from '../profile/file-facts';
import type { ImportEdge } from '../profile/repository-profile';
import type { PythonModuleLocation } from './python-modules';

const JS_EXTENSIONS = [
  '',
  '.ts',
  '.tsx',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.mts',
  '.cts',
  '/index.ts',
  '/index.tsx',
  '/index.js',
  '/index.mjs',
  '/index.cjs',
];

function dirnameOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function normalize(path: string): string | undefined {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/** The repository file a relative JS/TS specifier points at (`./util.js` may be `util.ts`). */
export function resolveJs(
  from: string,
  specifier: string,
  files: ReadonlySet<string>,
): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = normalize(`${dirnameOf(from)}/${specifier}`);
  if (base === undefined) return undefined;
  const stems = [base];
  // TypeScript ESM writes `./util.js` for `./util.ts`.
  const jsSuffix = /\.(m|c)?js$/.exec(base);
  if (jsSuffix) stems.push(base.slice(0, -jsSuffix[0].length));
  for (const stem of stems) {
    for (const extension of JS_EXTENSIONS) {
      if (files.has(stem + extension)) return stem + extension;
    }
  }
  return undefined;
}

function resolvePython(
  from: string,
  fact: ImportFact,
  location: PythonModuleLocation | undefined,
  byModule: ReadonlyMap<string, string>,
): string[] {
  let base = fact.module;
  if (base.startsWith('.')) {
    if (!location) return [];
    const level = /^\.+/.exec(base)![0].length;
    const packageParts = location.moduleName.split('.');
    const isInit = from.endsWith('__init__.py');
    const anchor = packageParts.slice(0, packageParts.length - (isInit ? level - 1 : level));
    if (anchor.length < 0) return [];
    base = [...anchor, base.slice(level)].filter(Boolean).join('.');
  }
  const targets: string[] = [];
  const direct = byModule.get(base);
  if (fact.names.length > 0) {
    for (const { name } of fact.names) {
      const submodule = byModule.get(base ? `${base}.${name}` : name);
      if (submodule) targets.push(submodule);
      else if (direct) targets.push(direct);
    }
  } else if (direct) {
    targets.push(direct);
  }
  return targets;
}

/**
 * The internal import graph: each import that resolves to a file of the repository (Python absolute
 * and relative imports through module names; JS/TS relative specifiers with extension and index
 * resolution), deduplicated and sorted.
 */
export function buildImportGraph(
  modules: readonly { path: string; language: string; imports: readonly ImportFact[] }[],
  pythonLocations: ReadonlyMap<string, PythonModuleLocation>,
): ImportEdge[] {
  const files = new Set(modules.map((m) => m.path));
  const byModule = new Map<string, string>();
  for (const [path, location] of pythonLocations) {
    if (!byModule.has(location.moduleName) || path.endsWith('__init__.py'))
      byModule.set(location.moduleName, path);
  }
  const edges = new Map<string, ImportEdge>();
  for (const module of modules) {
    for (const fact of module.imports) {
      const targets =
        module.language === 'python'
          ? resolvePython(module.path, fact, pythonLocations.get(module.path), byModule)
          : [resolveJs(module.path, fact.module, files)].filter(
              (t): t is string => t !== undefined,
            );
      for (const to of targets) {
        if (to === module.path) continue;
        const key = `${module.path}\0${to}`;
        if (!edges.has(key)) edges.set(key, { from: module.path, to, line: fact.line });
      }
    }
  }
  return [...edges.values()].sort((a, b) =>
    a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0,
  );
}
