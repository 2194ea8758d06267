import { isPlaceholder, placeholderIndex, type RequestLiteral } from '../literals/extract-literals';
import { typeOfWord } from '../retrieval/type-words';
import { stem } from '../text/porter-stemmer';
import { isStopword } from '../text/tokenize';
import { ACTION_VERBS, INPUT_NAME_ALIASES } from './vocabulary';

/** A word of a clause, or a literal's placeholder. */
interface Token {
  /** The word as written, or the placeholder character. */
  readonly text: string;
  readonly lower: string;
  /** The literal it stands for, for a placeholder. */
  readonly literal?: number;
}

/** A value the request gives for an input, with where it was found. */
export interface NamedValue {
  readonly value: unknown;
  /** The literal used, if any (so it is not bound elsewhere in the same step). */
  readonly literal?: number;
  /** Where it came from, in plain words. */
  readonly note: string;
}

const TOKEN_PATTERN = /[\uE000-\uF8FF]|[#@]?[A-Za-z0-9][\w#@+'-]*(?:\.[\w-]+)*/g;

/** Words between an input's name and its value ("quality of 80", "title: ...", "called 'x'"). */
const LINK_WORDS = new Set([
  'of',
  'is',
  'to',
  'be',
  'as',
  'at',
  'called',
  'named',
  'equal',
  'set',
  'the',
  'a',
  'an',
  'with',
]);

/** Words that end a list of column names. */
const LIST_END = new Set([
  'in',
  'of',
  'from',
  'for',
  'with',
  'to',
  'on',
  'by',
  'into',
  'as',
  'then',
  'using',
  'at',
]);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    const word = match[0];
    tokens.push(
      isPlaceholder(word)
        ? { text: word, lower: word, literal: placeholderIndex(word) }
        : { text: word, lower: word.toLowerCase() },
    );
  }
  return tokens;
}

/** The ways a request may name an input: its name's words, and known aliases. */
function nameForms(inputName: string): string[][] {
  const own = inputName
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[_\-\s]+/)
    .filter(Boolean);
  const forms = [own];
  for (const alias of INPUT_NAME_ALIASES[inputName] ?? []) forms.push(alias.split(/\s+/));
  return forms;
}

function findForm(tokens: readonly Token[], form: readonly string[], from = 0): number {
  for (let i = from; i + form.length <= tokens.length; i += 1) {
    if (
      form.every(
        (word, offset) =>
          tokens[i + offset]!.lower === word || stem(tokens[i + offset]!.lower) === stem(word),
      )
    ) {
      return i;
    }
  }
  return -1;
}

function literalValue(literals: readonly RequestLiteral[], index: number): unknown {
  return literals[index]?.value;
}

/**
 * The value written right after an input's name: `quality 80`, `width=640`, `bucket releases`,
 * `channel #ops`, `subject 'Weekly'`, `titled "Q3"`. With `kind: 'number'` only a number counts,
 * and one written just before the name also does (`80 quality`, `top 3`).
 */
export function valueAfterName(
  clause: string,
  inputName: string,
  options: {
    readonly literals: readonly RequestLiteral[];
    readonly kind: 'number' | 'text' | 'any';
  },
): NamedValue | undefined {
  const { literals, kind } = options;
  const tokens = tokenize(clause);
  for (const form of nameForms(inputName)) {
    for (let at = findForm(tokens, form); at >= 0; at = findForm(tokens, form, at + 1)) {
      let next = at + form.length;
      while (next < tokens.length && LINK_WORDS.has(tokens[next]!.lower)) next += 1;
      const candidate = tokens[next];
      const accepted = candidate && acceptValue(candidate, literals, kind);
      if (accepted)
        return {
          ...accepted,
          note: `"${form.join(' ')} ${candidateText(candidate, literals)}" in the request`,
        };
      const before = tokens[at - 1];
      if (
        kind === 'number' &&
        before?.literal !== undefined &&
        literals[before.literal]?.kind === 'number'
      ) {
        return {
          value: literalValue(literals, before.literal),
          literal: before.literal,
          note: `"${literals[before.literal]!.raw} ${form.join(' ')}" in the request`,
        };
      }
    }
  }
  return undefined;
}

function candidateText(token: Token, literals: readonly RequestLiteral[]): string {
  return token.literal !== undefined ? (literals[token.literal]?.raw ?? '') : token.text;
}

function acceptValue(
  token: Token,
  literals: readonly RequestLiteral[],
  kind: 'number' | 'text' | 'any',
): Omit<NamedValue, 'note'> | undefined {
  if (token.literal !== undefined) {
    const literal = literals[token.literal];
    if (!literal) return undefined;
    if (kind === 'number')
      return literal.kind === 'number'
        ? { value: literal.value, literal: literal.index }
        : undefined;
    if (kind === 'text' && literal.kind === 'json') return undefined;
    return { value: literal.value, literal: literal.index };
  }
  if (kind === 'number') return undefined;
  if (isStopword(token.lower) || ACTION_VERBS.has(stem(token.lower))) return undefined;
  return { value: token.text, literal: undefined };
}

/** An enum value named anywhere in the clause ("a CSV report": `csv`; "line chart": `line`). */
export function enumValueIn(clause: string, values: readonly unknown[]): NamedValue | undefined {
  const tokens = tokenize(clause);
  for (const token of tokens) {
    if (token.literal !== undefined) continue;
    const value = values.find(
      (candidate) => typeof candidate === 'string' && candidate.toLowerCase() === token.lower,
    );
    if (value !== undefined) return { value, note: `"${token.text}" in the request` };
  }
  return undefined;
}

/** True when the clause names a flag input ("in descending order" for `descending`). */
export function flagNamed(clause: string, inputName: string): NamedValue | undefined {
  const tokens = tokenize(clause);
  for (const form of nameForms(inputName)) {
    if (findForm(tokens, form) >= 0)
      return { value: true, note: `"${form.join(' ')}" in the request` };
  }
  return undefined;
}

/** Column names listed after an input's name: "the columns price and quantity" → [price, quantity]. */
export function listAfterName(
  clause: string,
  inputName: string,
  literals: readonly RequestLiteral[],
): NamedValue | undefined {
  const tokens = tokenize(clause);
  for (const form of nameForms(inputName)) {
    const at = findForm(tokens, form);
    if (at < 0) continue;
    const values: unknown[] = [];
    for (let i = at + form.length; i < tokens.length; i += 1) {
      const token = tokens[i]!;
      if (token.literal !== undefined) {
        const literal = literals[token.literal];
        if (literal?.kind !== 'text') break;
        values.push(literal.value);
        continue;
      }
      if (token.lower === 'and' || token.lower === 'the' || token.lower === 'or') continue;
      if (LIST_END.has(token.lower) || ACTION_VERBS.has(stem(token.lower))) break;
      values.push(token.text);
    }
    if (values.length > 0)
      return { value: values, note: `"${form.join(' ')} ${values.join(', ')}" in the request` };
  }
  return undefined;
}

const AXES_PATTERNS = [
  /\bof\s+(?:the\s+)?([A-Za-z_][\w-]*)\s+(?:over|by|per|against|versus|vs\.?|across)\s+(?:the\s+)?([A-Za-z_][\w-]*)/i,
  /\b(?:plot|chart|graph|draw|visuali[sz]e|show)\s+(?:the\s+)?([A-Za-z_][\w-]*)\s+(?:over|by|per|against|versus|vs\.?|across)\s+(?:the\s+)?([A-Za-z_][\w-]*)/i,
];

/**
 * The two axes of a chart: "<y> over|by|per|against <x>" after "of" or after the verb ("a line
 * chart of temperature over date", "plot revenue by month": x date / month, y temperature / revenue).
 */
export function axesIn(clause: string): { x: string; y: string } | undefined {
  for (const pattern of AXES_PATTERNS) {
    const match = pattern.exec(clause);
    if (match && !isStopword(match[1]!.toLowerCase()) && !isStopword(match[2]!.toLowerCase())) {
      return { y: match[1]!, x: match[2]! };
    }
  }
  return undefined;
}

/** Names of inputs that take a condition, filled from "where …" / "if …" in the request. */
export const CONDITION_INPUTS = new Set([
  'condition',
  'filter',
  'where',
  'predicate',
  'expression',
]);

/** The condition written after "where" or "if" in a clause ("where region = 'EU'"), literals restored. */
export function conditionIn(
  clause: string,
  literals: readonly RequestLiteral[],
): NamedValue | undefined {
  const match = /\b(?:where|if|when|whose)\s+(.+)$/i.exec(clause);
  if (!match) return undefined;
  const text = [...match[1]!]
    .map((char) => (isPlaceholder(char) ? (literals[placeholderIndex(char)]?.raw ?? '') : char))
    .join('')
    .trim();
  return text.length > 0 ? { value: text, note: `"where ${text}" in the request` } : undefined;
}

/**
 * The one proper noun of a clause that is not its first word and not part of the capability's own
 * name ("translate it to French", "the weather for Paris"); undefined when there are none or several.
 */
export function properNounIn(
  clause: string,
  excluded: ReadonlySet<string>,
): NamedValue | undefined {
  const tokens = tokenize(clause);
  const found = new Set<string>();
  tokens.forEach((token, index) => {
    if (index === 0 || token.literal !== undefined) return;
    if (!/^[A-Z][a-z]+$/.test(token.text)) return;
    if (isStopword(token.lower) || typeOfWord(token.lower) || excluded.has(token.lower)) return;
    found.add(token.text);
  });
  if (found.size !== 1) return undefined;
  const [value] = found;
  return { value, note: `"${value}" in the request` };
}
