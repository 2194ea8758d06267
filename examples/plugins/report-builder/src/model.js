/**
 * Turning section values into report blocks: strings become paragraphs, objects key/value
 * tables, lists of objects tables, other lists bullet lists.
 */

/** True for `{...}` objects (not lists, not null). */
export function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Leaf values of a JSON value by dotted path (`{a: {b: 1}, c: [2]}` gives `a.b` and `c.0`).
 * With `keepLists`, lists stay whole as leaves.
 *
 * @returns {[string, unknown][]}
 */
export function leaves(value, { keepLists = false, prefix = '' } = {}) {
  const entries = [];
  const visit = (item, path) => {
    const container = isPlainObject(item) || (Array.isArray(item) && !keepLists);
    if (container && Object.keys(item).length > 0) {
      for (const [key, child] of Object.entries(item)) visit(child, path ? `${path}.${key}` : key);
    } else {
      entries.push([path, item]);
    }
  };
  visit(value, prefix);
  return entries;
}

/** Plain text of a value in a table cell or list item. */
export function cellText(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => !isPlainObject(item) && !Array.isArray(item))) {
    return value.map(cellText).join(', ');
  }
  if (isPlainObject(value) && Object.keys(value).length === 0) return '';
  return JSON.stringify(value);
}

/**
 * @typedef {{ kind: 'paragraph', text: string }
 *   | { kind: 'list', items: string[] }
 *   | { kind: 'table', columns: string[], rows: unknown[][], keyValue: boolean }} Block
 */

/**
 * The blocks of one section's value.
 *
 * @returns {Block[]}
 */
export function blocksOf(value) {
  if (typeof value === 'string') {
    const paragraphs = value
      .split(/\r?\n\s*\r?\n/)
      .map((text) => text.trim())
      .filter(Boolean);
    return paragraphs.length
      ? paragraphs.map((text) => ({ kind: 'paragraph', text }))
      : [{ kind: 'paragraph', text: '(empty)' }];
  }
  if (value === null || value === undefined) return [{ kind: 'paragraph', text: '(no value)' }];
  if (typeof value !== 'object') return [{ kind: 'paragraph', text: cellText(value) }];
  if (Array.isArray(value)) {
    if (value.length === 0) return [{ kind: 'paragraph', text: '(empty)' }];
    if (value.every(isPlainObject)) {
      const flat = value.map((row) => new Map(leaves(row, { keepLists: true })));
      const columns = [...new Set(flat.flatMap((row) => [...row.keys()]))];
      return [
        {
          kind: 'table',
          columns,
          rows: flat.map((row) => columns.map((column) => row.get(column))),
          keyValue: false,
        },
      ];
    }
    return [{ kind: 'list', items: value.map(cellText) }];
  }
  const entries = leaves(value, { keepLists: true });
  if (entries.length === 1 && entries[0][0] === '') return [{ kind: 'paragraph', text: '(empty)' }];
  return [{ kind: 'table', columns: ['Key', 'Value'], rows: entries, keyValue: true }];
}
