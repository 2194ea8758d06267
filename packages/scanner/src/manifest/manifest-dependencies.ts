import type { DependenciesSchema } from '@mark1/sdk';
import type { z } from 'zod';
import { isDevRequirementsFile } from '../dependencies/requirements-txt';
import type { RepositoryProfile } from '../profile/repository-profile';

type DependenciesInput = z.input<typeof DependenciesSchema>;

/** Programs a plugin starts that are not Python, Node or shell builtins (`ffmpeg`, `git`), from literal subprocess calls. */
const NOT_SYSTEM = new Set([
  'python',
  'python3',
  'node',
  'npm',
  'npx',
  'sh',
  'bash',
  'zsh',
  'cmd',
  'echo',
  'cd',
  'ls',
  'cat',
  'cp',
  'mv',
  'rm',
  'mkdir',
  'true',
  'false',
  'test',
  'env',
  'sleep',
  'pwd',
  'which',
  'printf',
  'exit',
  'set',
  'export',
  'sys.executable',
]);

function systemPrograms(profile: RepositoryProfile): string[] {
  const programs = new Set<string>();
  for (const call of profile.sensitiveCalls) {
    if (call.category !== 'subprocess' && call.category !== 'shell') continue;
    const first = call.args[0];
    let program: string | undefined;
    if (first?.kind === 'string') program = first.value.trim().split(/\s+/)[0];
    else if (first?.kind === 'list' && first.items[0]?.kind === 'string')
      program = first.items[0].value;
    if (program && /^[\w.+-]+$/.test(program) && !NOT_SYSTEM.has(program)) programs.add(program);
  }
  return [...programs].sort();
}

/**
 * The manifest's `dependencies` for the runtimes the capabilities use: the Python/Node version
 * asked for, root-level runtime requirement files, runtime packages declared at the root (not
 * repeated when a requirements file lists them), and programs started through subprocesses.
 */
export function manifestDependencies(
  profile: RepositoryProfile,
  runtimes: ReadonlySet<'python' | 'node'>,
): DependenciesInput {
  const { dependencies } = profile;
  const rootLevel = (source: string): boolean => !source.includes('/');
  const requirements = runtimes.has('python')
    ? dependencies.manifests.filter(
        (path) =>
          rootLevel(path) &&
          /^requirements[\w.-]*\.txt$/i.test(path) &&
          !isDevRequirementsFile(path),
      )
    : [];
  const packages: string[] = [];
  for (const dependency of dependencies.dependencies) {
    if (dependency.scope !== 'runtime' || !rootLevel(dependency.source)) continue;
    // Requirement files are installed as files; their lines are not repeated as packages.
    if (
      dependency.ecosystem === 'pypi' &&
      runtimes.has('python') &&
      !/^requirements/i.test(dependency.source)
    ) {
      packages.push(dependency.spec);
    } else if (dependency.ecosystem === 'npm' && runtimes.has('node')) {
      packages.push(`${dependency.name}@${dependency.version ?? '*'}`);
    }
  }
  return {
    ...(runtimes.has('python') && dependencies.python ? { python: dependencies.python } : {}),
    ...(runtimes.has('node') && dependencies.node ? { node: dependencies.node } : {}),
    packages: [...new Set(packages)],
    requirements,
    system: systemPrograms(profile),
  };
}
