const STOPWORDS = new Set(
  'a an and are as at be by for from has have in into is it its of on or that the this to was were will with i me my we our you your please can could would should do does it them then than'.split(
    ' ',
  ),
);

/** Reduces a lowercase word to a crude stem so plural and verb forms meet (`reports` → `report`, `parsing` → `pars`). */
export function stem(word: string): string {
  if (word.length <= 3 || /^\d+$/.test(word)) return word;
  let result = word
    .replace(/ise$/, 'ize')
    .replace(/iser$/, 'izer')
    .replace(/isation$/, 'ization');
  if (result.endsWith('ies') && result.length > 4) result = `${result.slice(0, -3)}y`;
  else if (result.endsWith('sses')) result = result.slice(0, -2);
  else if (
    result.endsWith('s') &&
    !result.endsWith('ss') &&
    !result.endsWith('us') &&
    !result.endsWith('is')
  )
    result = result.slice(0, -1);
  if (result.endsWith('ing') && result.length > 5) result = result.slice(0, -3);
  else if (result.endsWith('ed') && result.length > 4) result = result.slice(0, -2);
  else if (result.endsWith('er') && result.length > 5) result = result.slice(0, -2);
  if (result.endsWith('e') && result.length > 4) result = result.slice(0, -1);
  if (result.endsWith('ys') && result.length > 4) result = `${result.slice(0, -1)}z`;
  if (/([bcdfgklmnprt])\1$/.test(result)) result = result.slice(0, -1);
  return result;
}

/**
 * Splits text into search terms: camelCase, kebab-case and snake_case are split, everything is
 * lowercased, stopwords dropped and words stemmed.
 */
export function tokenize(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0 && !STOPWORDS.has(word))
    .map(stem);
}
