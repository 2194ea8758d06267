import type { DependencyFact } from '../profile/repository-profile';
import { parseRequirement } from './pep508';

/** What a requirements file holds: requirements, and the other files it includes with `-r`/`-c`. */
export interface RequirementsFile {
  dependencies: DependencyFact[];
  includes: string[];
}

/** True for requirement files of tests, linting, docs or development. */
export function isDevRequirementsFile(path: string): boolean {
  return /(^|[/_.-])(dev|develop|development|test|tests|testing|lint|docs?|ci|typing|mypy)([._-]|\.txt$)/i.test(
    path.split('/').pop() ?? path,
  );
}

/** Reads `requirements*.txt`: PEP 508 lines, `-e`/URLs with `#egg=`, `-r other.txt` includes; options and comments skipped. */
export function parseRequirementsTxt(text: string, source: string): RequirementsFile {
  const scope: DependencyFact['scope'] = isDevRequirementsFile(source) ? 'dev' : 'runtime';
  const dependencies: DependencyFact[] = [];
  const includes: string[] = [];
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.replace(/(^|\s)#(?!egg=).*$/, '').trim();
    if (line === '') continue;
    const include = /^(-r|--requirement|-c|--constraint)\s*=?\s*(\S+)/.exec(line);
    if (include) {
      if (include[1] === '-r' || include[1] === '--requirement') includes.push(include[2]!);
      continue;
    }
    const editable = /^(-e|--editable)\s+(\S+)/.exec(line);
    const requirement = editable ? editable[2]! : line;
    if (requirement.startsWith('-')) continue;
    if (requirement === '.' || requirement.startsWith('./') || requirement.startsWith('../'))
      continue;
    const fact = parseRequirement(requirement.replace(/\s+--hash=\S+/g, ''), source, scope);
    if (fact) dependencies.push(fact);
  }
  return { dependencies, includes };
}
