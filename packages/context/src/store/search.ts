/** Fields a word can match, with how much a match there counts. */
export const SEARCH_WEIGHTS = { key: 8, tags: 4, type: 2, data: 1 } as const;

/** A field searched. */
export type SearchField = keyof typeof SEARCH_WEIGHTS;

/** The text of one entry, as search sees it. */
export interface SearchDocument {
  key: string;
  type: string;
  tags: readonly string[];
  /** The value's JSON text (or an artifact's name and media type); empty when not searchable. */
  data: string;
}

/** How well one document matches a query. */
export interface SearchScore {
  /** How many of the query's words matched somewhere. */
  matchedWords: number;
  /** Sum over matched words of the best field's weight (halved for a prefix match), plus a small bonus for repeats in the data. */
  score: number;
  /** Fields where at least one word matched, most heavily weighted first. */
  fields: SearchField[];
}

const WORD = /[\p{L}\p{N}]+/gu;
const MAX_COUNTED = 20;

/** The words of a text: runs of letters and digits, lowercased. */
export function searchWords(text: string): string[] {
  return [...new Set(text.toLowerCase().match(WORD) ?? [])];
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A query compiled once and scored against many documents. */
export interface CompiledQuery {
  readonly words: readonly string[];
  score(document: SearchDocument): SearchScore;
}

/**
 * Compiles a query: its words must each start a word of a field (`work` matches `workflow`); a
 * whole-word match counts fully, a prefix match half. Fields weigh key 8, tags 4, type 2, data 1,
 * and each query word counts once, at its best field, plus up to 2 for repeats in the data.
 * Ranking (by {@link compareHits}) puts documents matching more words first, then higher scores.
 */
export function compileQuery(query: string): CompiledQuery {
  const words = searchWords(query);
  const patterns = words.map(
    (word) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(word)}([\\p{L}\\p{N}]?)`, 'gu'),
  );

  const matchIn = (
    pattern: RegExp,
    text: string,
    counting: boolean,
  ): { exact: boolean; count: number } | undefined => {
    pattern.lastIndex = 0;
    let exact = false;
    let count = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      count += 1;
      if (match[1] === '') exact = true;
      if ((exact && !counting) || count >= MAX_COUNTED) break;
    }
    return count === 0 ? undefined : { exact, count };
  };

  return {
    words,
    score(document) {
      const texts: Record<SearchField, string> = {
        key: document.key.toLowerCase(),
        tags: document.tags.join(' ').toLowerCase(),
        type: document.type.toLowerCase(),
        data: document.data.toLowerCase(),
      };
      let matchedWords = 0;
      let score = 0;
      const fields = new Set<SearchField>();
      for (const pattern of patterns) {
        let best = 0;
        for (const field of ['key', 'tags', 'type', 'data'] as const) {
          const match = matchIn(pattern, texts[field], field === 'data');
          if (!match) continue;
          fields.add(field);
          const weight = SEARCH_WEIGHTS[field] * (match.exact ? 1 : 0.5);
          const bonus = field === 'data' ? Math.min(2, (match.count - 1) * 0.1) : 0;
          best = Math.max(best, weight + bonus);
        }
        if (best > 0) {
          matchedWords += 1;
          score += best;
        }
      }
      const ordered = (['key', 'tags', 'type', 'data'] as const).filter((field) =>
        fields.has(field),
      );
      return { matchedWords, score: Math.round(score * 100) / 100, fields: ordered };
    },
  };
}

/** Orders hits: more matched words, then higher score, then more recently updated, then key. */
export function compareHits(
  a: { match: SearchScore; updatedAt: string; key: string },
  b: { match: SearchScore; updatedAt: string; key: string },
): number {
  return (
    b.match.matchedWords - a.match.matchedWords ||
    b.match.score - a.match.score ||
    (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}
