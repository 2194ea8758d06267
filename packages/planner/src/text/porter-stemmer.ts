/**
 * The Porter (1980) stemming algorithm, so that "analyzes", "analyzing" and "analyze" meet in one
 * term. Words of one or two letters are returned unchanged.
 */
export function stem(word: string): string {
  if (word.length <= 2) return word;
  let w = word;
  if (w.startsWith('y')) w = `Y${w.slice(1)}`;

  w = step1a(w);
  w = step1b(w);
  w = step1c(w);
  w = step2(w);
  w = step3(w);
  w = step4(w);
  w = step5(w);
  return w.replace(/Y/g, 'y');
}

function isConsonant(w: string, i: number): boolean {
  const c = w[i];
  if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return false;
  if (c === 'y') return i === 0 ? true : !isConsonant(w, i - 1);
  return true;
}

/** The number of vowel-consonant sequences in `w` (Porter's m). */
function measure(w: string): number {
  let m = 0;
  let i = 0;
  const n = w.length;
  while (i < n && isConsonant(w, i)) i += 1;
  while (i < n) {
    while (i < n && !isConsonant(w, i)) i += 1;
    if (i >= n) break;
    while (i < n && isConsonant(w, i)) i += 1;
    m += 1;
  }
  return m;
}

function hasVowel(w: string): boolean {
  for (let i = 0; i < w.length; i += 1) if (!isConsonant(w, i)) return true;
  return false;
}

function endsWithDoubleConsonant(w: string): boolean {
  const n = w.length;
  return n >= 2 && w[n - 1] === w[n - 2] && isConsonant(w, n - 1);
}

/** Consonant-vowel-consonant ending where the last consonant is not w, x or y. */
function endsCvc(w: string): boolean {
  const n = w.length;
  if (n < 3) return false;
  const last = w[n - 1]!;
  return (
    isConsonant(w, n - 3) &&
    !isConsonant(w, n - 2) &&
    isConsonant(w, n - 1) &&
    last !== 'w' &&
    last !== 'x' &&
    last !== 'y'
  );
}

function replaceSuffix(
  w: string,
  suffix: string,
  replacement: string,
  minMeasure: number,
): string | undefined {
  if (!w.endsWith(suffix)) return undefined;
  const base = w.slice(0, w.length - suffix.length);
  return measure(base) > minMeasure ? base + replacement : w;
}

function step1a(w: string): string {
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ies')) return w.slice(0, -2);
  if (w.endsWith('ss')) return w;
  if (w.endsWith('s')) return w.slice(0, -1);
  return w;
}

function step1b(w: string): string {
  if (w.endsWith('eed')) {
    const base = w.slice(0, -3);
    return measure(base) > 0 ? `${base}ee` : w;
  }
  let base: string | undefined;
  if (w.endsWith('ed')) base = w.slice(0, -2);
  else if (w.endsWith('ing')) base = w.slice(0, -3);
  if (base === undefined || !hasVowel(base)) return w;
  if (base.endsWith('at') || base.endsWith('bl') || base.endsWith('iz')) return `${base}e`;
  if (endsWithDoubleConsonant(base)) {
    const last = base[base.length - 1];
    return last === 'l' || last === 's' || last === 'z' ? base : base.slice(0, -1);
  }
  if (measure(base) === 1 && endsCvc(base)) return `${base}e`;
  return base;
}

function step1c(w: string): string {
  if (w.endsWith('y') && hasVowel(w.slice(0, -1))) return `${w.slice(0, -1)}i`;
  return w;
}

const STEP2: readonly [string, string][] = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['izer', 'ize'],
  ['bli', 'ble'],
  ['alli', 'al'],
  ['entli', 'ent'],
  ['eli', 'e'],
  ['ousli', 'ous'],
  ['ization', 'ize'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['iveness', 'ive'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['aliti', 'al'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
  ['logi', 'log'],
];

const STEP3: readonly [string, string][] = [
  ['icate', 'ic'],
  ['ative', ''],
  ['alize', 'al'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
];

const STEP4 = [
  'al',
  'ance',
  'ence',
  'er',
  'ic',
  'able',
  'ible',
  'ant',
  'ement',
  'ment',
  'ent',
  'ion',
  'ou',
  'ism',
  'ate',
  'iti',
  'ous',
  'ive',
  'ize',
];

function applyTable(w: string, table: readonly [string, string][]): string {
  for (const [suffix, replacement] of table) {
    const result = replaceSuffix(w, suffix, replacement, 0);
    if (result !== undefined) return result;
  }
  return w;
}

function step2(w: string): string {
  return applyTable(w, STEP2);
}

function step3(w: string): string {
  return applyTable(w, STEP3);
}

function step4(w: string): string {
  // Longest suffix first, so "ement" wins over "ment" and "ent".
  const suffixes = [...STEP4].sort((a, b) => b.length - a.length);
  for (const suffix of suffixes) {
    if (!w.endsWith(suffix)) continue;
    const base = w.slice(0, w.length - suffix.length);
    if (suffix === 'ion') {
      const last = base[base.length - 1];
      return measure(base) > 1 && (last === 's' || last === 't') ? base : w;
    }
    return measure(base) > 1 ? base : w;
  }
  return w;
}

function step5(w: string): string {
  let result = w;
  if (result.endsWith('e')) {
    const base = result.slice(0, -1);
    const m = measure(base);
    if (m > 1 || (m === 1 && !endsCvc(base))) result = base;
  }
  if (measure(result) > 1 && endsWithDoubleConsonant(result) && result.endsWith('l')) {
    result = result.slice(0, -1);
  }
  return result;
}
