/** How to find the uses of one local name in source text. */
export interface NamePattern {
  /** The local name (`os`, `client`, `self.client`). */
  name: string;
  /** Member paths that must follow the name (`environ` for `os.environ`); every use when absent. */
  members?: string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * Offsets where the names are used as identifiers in `source` (not as an attribute of something else,
 * not as part of a longer name). Occurrences inside strings or comments are returned too; the caller
 * drops them by looking at the syntax node found there.
 */
export function findNameOccurrences(
  source: string,
  patterns: readonly NamePattern[],
): { name: string; index: number }[] {
  // A name absent from the source cannot match: a regex over the whole source is avoided when none is there.
  const present = patterns.filter((pattern) => source.includes(pattern.name));
  if (present.length === 0) return [];
  const alternatives = present.map((pattern) => {
    const name = escapeRegExp(pattern.name);
    if (!pattern.members || pattern.members.length === 0) return name;
    return `${name}(?=\\s*\\.\\s*(?:${pattern.members.map(escapeRegExp).join('|')})(?![\\w$]))`;
  });
  const regex = new RegExp(`(?<![\\w$.])(?:${alternatives.join('|')})(?![\\w$])`, 'g');
  const occurrences: { name: string; index: number }[] = [];
  for (const match of source.matchAll(regex)) {
    occurrences.push({ name: match[0], index: match.index });
  }
  return occurrences;
}
