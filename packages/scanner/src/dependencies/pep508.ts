import type { DependencyFact } from '../profile/repository-profile';

/**
 * Reads one PEP 508 requirement (`requests[socks]>=2.31,<3; python_version>"3.8"`,
 * `pkg @ git+https://...`) into a {@link DependencyFact}; `undefined` when it names no package.
 */
export function parseRequirement(
  text: string,
  source: string,
  scope: DependencyFact['scope'],
): DependencyFact | undefined {
  const spec = text.trim();
  const egg = /#egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(spec);
  if (/^(git\+|hg\+|svn\+|https?:|file:)/.test(spec)) {
    return egg
      ? { name: normalizeName(egg[1]!), spec, ecosystem: 'pypi', scope, source }
      : undefined;
  }
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$/.exec(spec);
  if (!match) return undefined;
  const rest = match[3]!.trim();
  const versionPart = rest
    .split(';')[0]!
    .replace(/^@.*$/, '')
    .replace(/^\(|\)$/g, '')
    .trim();
  return {
    name: normalizeName(match[1]!),
    ...(versionPart ? { version: versionPart.replace(/\s+/g, '') } : {}),
    spec,
    ecosystem: 'pypi',
    scope,
    source,
  };
}

/** PEP 503 normalized name (lower case, runs of `-_.` as `-`). */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
