import type { EnvReadFact } from '../profile/file-facts';
import type { EnvironmentVariableFact, Evidence } from '../profile/repository-profile';
import type { EnvExampleEntry } from './env-example-file';
import { isSecretName } from './secret-names';

/** Variables set by the platform or the shell, never asked of a user. */
const AMBIENT = new Set([
  'PATH',
  'HOME',
  'USER',
  'SHELL',
  'PWD',
  'TERM',
  'LANG',
  'TMPDIR',
  'TEMP',
  'TMP',
  'HOSTNAME',
  'PYTHONPATH',
  'NODE_ENV',
  'CI',
  'DEBUG_COLORS',
  'FORCE_COLOR',
  'NO_COLOR',
  'COLUMNS',
  'LINES',
  'EDITOR',
  'VIRTUAL_ENV',
  'APPDATA',
  'LOCALAPPDATA',
  'USERPROFILE',
  'XDG_CONFIG_HOME',
  'XDG_CACHE_HOME',
  'XDG_DATA_HOME',
  'MARK1_INPUT',
  'MARK1_OUTPUT_DIR',
]);

/**
 * Merges the environment reads of the code with the variables documented in `.env.example`-style
 * files: required when some read has no fallback (or, for a documented-only variable, when the
 * example gives no value); the first literal fallback is the default; secret-looking names are
 * flagged and never get a default from an example file. Shell and platform variables (`PATH`,
 * `HOME`, `NODE_ENV`, ...) are left out. Sorted by name.
 */
export function aggregateEnvironment(
  reads: readonly { file: string; fact: EnvReadFact }[],
  examples: readonly { file: string; entries: readonly EnvExampleEntry[] }[],
): EnvironmentVariableFact[] {
  const byName = new Map<
    string,
    {
      reads: { file: string; fact: EnvReadFact }[];
      examples: { file: string; entry: EnvExampleEntry }[];
    }
  >();
  const slot = (name: string) => {
    let entry = byName.get(name);
    if (!entry) {
      entry = { reads: [], examples: [] };
      byName.set(name, entry);
    }
    return entry;
  };
  for (const read of reads) if (!AMBIENT.has(read.fact.name)) slot(read.fact.name).reads.push(read);
  for (const example of examples)
    for (const entry of example.entries)
      slot(entry.name).examples.push({ file: example.file, entry });
  const variables: EnvironmentVariableFact[] = [];
  for (const [name, { reads: nameReads, examples: nameExamples }] of byName) {
    const secret = isSecretName(name) || nameReads.some(({ fact }) => fact.secret === true);
    const evidence: Evidence[] = [
      ...nameReads.map(({ file, fact }) => ({
        file,
        line: fact.line,
        detail: `${fact.via}${fact.default !== undefined ? ` (default ${JSON.stringify(fact.default)})` : fact.required ? '' : ' (optional)'}`,
      })),
      ...nameExamples.map(({ file, entry }) => ({
        file,
        line: entry.line,
        detail: 'documented in an example env file',
      })),
    ];
    const codeDefault = nameReads.find(({ fact }) => fact.default !== undefined)?.fact.default;
    const exampleValue = nameExamples.find(({ entry }) => entry.value !== undefined)?.entry.value;
    const required =
      nameReads.length > 0
        ? nameReads.some(({ fact }) => fact.required)
        : exampleValue === undefined;
    const defaultValue = codeDefault ?? (secret ? undefined : exampleValue);
    const description = nameExamples.find(({ entry }) => entry.description)?.entry.description;
    variables.push({
      name,
      required,
      ...(defaultValue !== undefined ? { default: defaultValue } : {}),
      secret,
      ...(description ? { description } : {}),
      evidence: evidence.sort((a, b) =>
        a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0),
      ),
    });
  }
  return variables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
