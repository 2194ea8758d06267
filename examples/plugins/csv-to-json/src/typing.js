/**
 * Typing CSV cells back into JSON values: numbers, booleans, empty cells as null, and JSON lists
 * or objects (as json-to-csv writes them). Anything else stays a string.
 */

// JSON's number grammar: no leading zeros ("007" and zip codes stay text), no "+", no ".5".
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** The JSON value of a cell's text. */
export function typeCell(text) {
  if (text === '') return null;
  if (NUMBER.test(text)) {
    const value = Number(text);
    // Integers beyond 2^53 would lose digits as numbers: keep them as text.
    if (
      Number.isFinite(value) &&
      (!Number.isInteger(value) || Number.isSafeInteger(value) || /[.eE]/.test(text))
    ) {
      return value;
    }
    return text;
  }
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  const first = text[0];
  const last = text[text.length - 1];
  if ((first === '[' && last === ']') || (first === '{' && last === '}')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
