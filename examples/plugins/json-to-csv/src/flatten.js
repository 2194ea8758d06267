/**
 * Flattens a JSON object into one level with dotted keys: `{ a: { b: 1 } }` gives `{ 'a.b': 1 }`.
 * Lists stay whole (they become JSON text in a CSV cell); an empty object stays `{}`.
 *
 * @param {Record<string, unknown>} value
 * @param {string} [prefix]
 * @param {Map<string, unknown>} [into]
 * @returns {Map<string, unknown>} leaf values by dotted key, in first-seen order
 */
export function flatten(value, prefix = '', into = new Map()) {
  for (const [key, item] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(item) && Object.keys(item).length > 0) {
      flatten(item, path, into);
    } else {
      into.set(path, item);
    }
  }
  return into;
}

/** True for `{...}` objects (not lists, not null). */
export function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
