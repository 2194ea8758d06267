import type { DependencyProfile, Evidence } from '../../profile/repository-profile';
import type { CapabilityContext, SourceFile } from './capability-context';

/** How to start the code of one file from the command line. */
export interface FileEntry {
  command: string[];
  /** Working directory relative to the repository root (`'.'` for the root). */
  cwd: string;
  /** The console script or bin name that points here, when there is one. */
  scriptName?: string;
  /** How sure the scanner is that this really starts the program (multiplies the capability's confidence). */
  certainty: number;
  evidence: Evidence[];
  notes: string[];
}

type Script = DependencyProfile['scripts'][number];

/** The interpreter generated argv templates start Python with. */
export const PYTHON_COMMAND = 'python3';

function dirOrRoot(path: string): string {
  return path === '' ? '.' : path;
}

/**
 * The console script whose target (`pkg.cli:main`) is in this module, or is imported into the
 * target module from this one (`pkg/__main__.py` doing `from pkg.cli import main`).
 */
function consoleScriptFor(file: SourceFile, context: CapabilityContext): Script | undefined {
  const module = file.python?.moduleName;
  if (!module) return undefined;
  const scripts = context.dependencies.scripts.filter(
    (script) => script.kind === 'console-script' || script.kind === 'gui-script',
  );
  const direct = scripts.find((script) => script.target.split(':')[0] === module);
  if (direct) return direct;
  return scripts.find((script) => {
    const [targetModule, attribute] = script.target.split(':');
    const targetFile = [...context.files.values()].find(
      (candidate) => candidate.python?.moduleName === targetModule,
    );
    if (!targetFile?.python || !attribute) return false;
    const name = attribute.split('.')[0]!;
    return targetFile.facts.imports.some(
      (fact) =>
        fact.names.some((n) => (n.alias ?? n.name) === name) &&
        resolvesTo(
          fact.module,
          targetFile.python!.moduleName,
          targetFile.path.endsWith('__init__.py'),
        ) === module,
    );
  });
}

/** The absolute module an import names, from the importing module (`.cli` in `pkg.__main__` → `pkg.cli`). */
function resolvesTo(imported: string, from: string, fromPackageInit: boolean): string {
  if (!imported.startsWith('.')) return imported;
  const level = /^\.+/.exec(imported)![0].length;
  const parts = from.split('.');
  const base = parts.slice(0, parts.length - (fromPackageInit ? level - 1 : level));
  return [...base, imported.slice(level)].filter(Boolean).join('.');
}

/** A `pkg/__main__.py` that imports this module, so `python -m pkg` runs it. */
function packageMainFor(file: SourceFile, context: CapabilityContext): SourceFile | undefined {
  for (const edge of context.importGraph) {
    if (edge.to !== file.path || !edge.from.endsWith('__main__.py')) continue;
    const main = context.files.get(edge.from);
    if (main?.python) return main;
  }
  return undefined;
}

/**
 * How to run the program in a Python file: its `__main__` guard (`python3 file.py`, or `python3 -m
 * pkg.mod` inside a package), module-level CLI code, a package `__main__.py` that imports it, or
 * a console script / entry function called through `python3 -c`, which works whether or not the
 * project itself is installed.
 */
export function pythonEntryFor(
  file: SourceFile,
  context: CapabilityContext,
  entryFunction: string | undefined,
  moduleLevelCli: boolean,
): FileEntry | undefined {
  // A file whose name is not a module name (`my-tool.py`) can still run as a script from the root.
  const location = file.python ?? { importRoot: '', moduleName: '', inPackage: false };
  const cwd = dirOrRoot(location.importRoot);
  const script = consoleScriptFor(file, context);
  const scriptName = script ? { scriptName: script.name } : {};
  const scriptEvidence: Evidence[] = script
    ? [{ file: script.source, detail: `console script ${script.name} = ${script.target}` }]
    : [];
  const relativePath =
    location.importRoot === '' ? file.path : file.path.slice(location.importRoot.length + 1);
  // A package's `__main__.py` runs as `python -m package`.
  const direct = (): string[] =>
    location.inPackage
      ? [PYTHON_COMMAND, '-m', location.moduleName.replace(/\.__main__$/, '')]
      : [PYTHON_COMMAND, relativePath];
  if (file.facts.mainGuard) {
    return {
      command: direct(),
      cwd,
      ...scriptName,
      certainty: 1,
      evidence: [
        { file: file.path, line: file.facts.mainGuard.line, detail: 'if __name__ == "__main__"' },
        ...scriptEvidence,
      ],
      notes: [],
    };
  }
  if (moduleLevelCli) {
    return {
      command: direct(),
      cwd,
      ...scriptName,
      certainty: 0.95,
      evidence: [
        { file: file.path, detail: 'the command line is read at module level' },
        ...scriptEvidence,
      ],
      notes: [],
    };
  }
  const main = packageMainFor(file, context);
  if (main?.python) {
    const packageName = main.python.moduleName.replace(/\.__main__$/, '');
    return {
      command: [PYTHON_COMMAND, '-m', packageName],
      cwd: dirOrRoot(main.python.importRoot),
      ...scriptName,
      certainty: 0.9,
      evidence: [
        { file: main.path, detail: `python -m ${packageName} runs it` },
        ...scriptEvidence,
      ],
      notes: [],
    };
  }
  const target = script ? script.target.split(':')[1]?.split('.')[0] : entryFunction;
  if (!target || !location.moduleName) return undefined;
  const code = `import sys; from ${location.moduleName} import ${target}; sys.exit(${target}())`;
  return {
    command: [PYTHON_COMMAND, '-c', code],
    cwd,
    ...scriptName,
    certainty: script ? 0.9 : 0.75,
    evidence: script
      ? scriptEvidence
      : [{ file: file.path, detail: `${target}() runs the command line` }],
    notes: script
      ? [
          `It runs through \`python3 -c\` with the console script's target (${script.target}), so it works without installing the project; \`${script.name}\` works too once the project is installed.`,
        ]
      : [
          `${file.path} has no \`if __name__ == "__main__":\` guard; the command calls ${target}() through \`python3 -c\`.`,
        ],
  };
}

function stripDotSlash(path: string): string {
  return path.replace(/^\.\//, '');
}

/** Source files a built bin target (`dist/cli.js`) probably comes from. */
function sourcesOfBuilt(target: string): string[] {
  const stem = target.replace(/\.(c|m)?js$/, '');
  const stems = [
    stem,
    stem.replace(/^(dist|build|lib|out|bin)\//, 'src/'),
    stem.replace(/^(dist|build|lib|out)\//, ''),
  ];
  return stems.flatMap((candidate) =>
    ['.ts', '.mts', '.tsx', '.js', '.mjs', '.cjs'].map((extension) => `${candidate}${extension}`),
  );
}

/**
 * How to run the program in a JS/TS file: the package.json `bin` that points at it (or at its built
 * output), else `node file` (`npx tsx file` for TypeScript) when the file is a script (shebang or
 * main-module check).
 */
export function jsEntryFor(file: SourceFile, context: CapabilityContext): FileEntry {
  for (const script of context.dependencies.scripts) {
    if (script.kind !== 'bin') continue;
    const target = stripDotSlash(script.target);
    const evidence: Evidence[] = [
      { file: script.source, detail: `bin ${script.name} → ${script.target}` },
    ];
    if (target === file.path)
      return {
        command: ['node', target],
        cwd: '.',
        scriptName: script.name,
        certainty: 1,
        evidence,
        notes: [],
      };
    if (!context.paths.has(target) && sourcesOfBuilt(target).includes(file.path)) {
      return {
        command: ['node', target],
        cwd: '.',
        scriptName: script.name,
        certainty: 0.85,
        evidence,
        notes: [
          `The bin ${script.name} runs ${script.target}, which the package's build produces from ${file.path}; the install must build it (e.g. \`npm run build\`).`,
        ],
      };
    }
  }
  const typescript = /\.(ts|mts|cts|tsx)$/.test(file.path);
  const isScript = file.facts.shebang !== undefined || file.facts.mainGuard !== undefined;
  const command = typescript ? ['npx', 'tsx', file.path] : ['node', file.path];
  const notes: string[] = [];
  if (typescript)
    notes.push(
      `${file.path} is TypeScript; it runs through \`npx tsx\` (tsx must be installed) unless a build produces JavaScript.`,
    );
  if (!isScript)
    notes.push(
      `${file.path} has no shebang or main-module check; running it with node is a guess.`,
    );
  return {
    command,
    cwd: '.',
    certainty: isScript ? (typescript ? 0.85 : 0.95) : 0.7,
    evidence: [
      {
        file: file.path,
        ...(file.facts.mainGuard ? { line: file.facts.mainGuard.line } : {}),
        detail: file.facts.shebang ? `#!${file.facts.shebang}` : 'a script file',
      },
    ],
    notes,
  };
}
