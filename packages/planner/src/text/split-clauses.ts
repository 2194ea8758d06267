import { isPlaceholder } from '../literals/extract-literals';

/** How a clause is joined to the one before it. */
export type ClauseJoin = 'start' | 'sentence' | 'list' | 'and' | 'sequence';

/** One clause of a request: a candidate intent. */
export interface Clause {
  /** The clause, with literals still as placeholders and leading fillers ("please", "then") removed. */
  readonly text: string;
  /** How it is joined to the clause before it. */
  readonly join: ClauseJoin;
  /** True when the request orders it after the clause before ("then", "after that", "finally"). */
  readonly sequential: boolean;
  /** The separator before the clause as written (", and"), to merge it back into the one before. */
  readonly separator: string;
  /** The clause as written, fillers included. */
  readonly raw: string;
}

const SEQUENCE_WORDS =
  /^(?:and\s+)?(?:then|after\s+that|afterwards|next|finally|followed\s+by|subsequently|once\s+done)\b/i;

/**
 * Separators between clauses, with what they say about order. Listed longest first, so ", and then"
 * wins over ",".
 */
const SEPARATOR =
  /\s*;\s*|\s*,\s*(?:and\s+then|and\s+after\s+that|and\s+afterwards|and\s+finally|and\s+next|and\s+also|and|then|after\s+that|afterwards|next|finally|also|followed\s+by)?\s+|\s+(?:and\s+then|and\s+after\s+that|and\s+afterwards|and\s+finally|and\s+next|then|after\s+that|afterwards|followed\s+by|and)\s+/gi;

const LEADING_FILLERS =
  /^(?:(?:and|also|so|now|please|kindly|then|next|finally|afterwards|after\s+that|followed\s+by|subsequently|can\s+you|could\s+you|would\s+you|will\s+you|i\s+want\s+(?:you\s+)?to|i\s+would\s+like\s+(?:you\s+)?to|i'd\s+like\s+(?:you\s+)?to|i\s+need\s+(?:you\s+)?to|we\s+need\s+to|help\s+me|let's|lets|just|quickly|go\s+ahead\s+and)[\s,]+)+/i;

const TRAILING_FILLERS = /(?:[\s,]+(?:please|for\s+me|thanks|thank\s+you))+$/i;

/**
 * Splits a (masked) request into ordered clauses: sentences first, then separators (`;`, commas,
 * "and", "and then", "then", "after that", "followed by"). Literals are placeholders at this stage,
 * so commas and periods inside quoted text, JSON or file names never split.
 */
export function splitClauses(masked: string): Clause[] {
  const clauses: Clause[] = [];
  const sentences = masked
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) =>
      sentence
        .trim()
        .replace(/[.!?]+$/, '')
        .trim(),
    )
    .filter((sentence) => sentence.length > 0);
  sentences.forEach((sentence, sentenceIndex) => {
    let last = 0;
    let join: ClauseJoin = sentenceIndex === 0 ? 'start' : 'sentence';
    let sequential = false;
    let separator = sentenceIndex === 0 ? '' : '. ';
    const push = (raw: string) => {
      const clause = cleanClause(raw, join, sequential, separator);
      if (clause) clauses.push(clause);
    };
    for (const match of sentence.matchAll(SEPARATOR)) {
      push(sentence.slice(last, match.index));
      separator = match[0];
      sequential = SEQUENCE_WORDS.test(separator.trim().replace(/^,\s*/, ''));
      join = sequential
        ? 'sequence'
        : match[0].includes(',') || match[0].includes(';')
          ? 'list'
          : 'and';
      last = match.index + match[0].length;
    }
    push(sentence.slice(last));
  });
  return clauses;
}

function cleanClause(
  raw: string,
  join: ClauseJoin,
  sequential: boolean,
  separator: string,
): Clause | undefined {
  let text = raw.trim();
  const leading = LEADING_FILLERS.exec(text)?.[0] ?? '';
  const orderedByFiller = SEQUENCE_WORDS.test(
    leading.replace(/^(?:and|also|so|now|please)\s+/i, ''),
  );
  text = text
    .slice(leading.length)
    .replace(TRAILING_FILLERS, '')
    .replace(/[\s,:;]+$/, '')
    .trim();
  if (text.length === 0) return undefined;
  const isSequential = sequential || orderedByFiller;
  return {
    text,
    join: isSequential && join !== 'start' ? 'sequence' : join,
    sequential: isSequential,
    separator,
    raw: raw.trim(),
  };
}

/** True when a clause holds nothing but literals (the tail of a list such as `'a', 'b' and 'c'`). */
export function isOnlyLiterals(text: string): boolean {
  const rest = [...text].filter((char) => !isPlaceholder(char)).join('');
  return (
    rest
      .replace(/\b(?:and|or)\b/gi, '')
      .trim()
      .replace(/[\s,]+/g, '') === '' && rest.length < text.length
  );
}
