import { writeCsv } from './csv-writer.js';
import { flatten, isPlainObject } from './flatten.js';

const LINE_ENDINGS = { lf: '\n', crlf: '\r\n' };

function fail(message) {
  throw new Error(`json-to-csv: ${message}`);
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string'
    ? `the string ${JSON.stringify(value.slice(0, 30))}`
    : `a ${typeof value}`;
}

function readData(data) {
  if (data === undefined) fail('`data` is required: pass a list of objects, or one object');
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch (error) {
      fail(`\`data\` is a string that is not JSON (${error.message}); pass a list of objects`);
    }
  }
  if (isPlainObject(data)) return [data];
  if (!Array.isArray(data))
    fail(`\`data\` must be a list of objects or one object, got ${describe(data)}`);
  data.forEach((item, index) => {
    if (!isPlainObject(item)) {
      fail(
        `item ${index + 1} of \`data\` is ${describe(item)}, not an object; every item becomes a row, so pass objects such as {"name": "a", "value": 1}`,
      );
    }
  });
  return data;
}

/**
 * Mark-1 capability `json-to-csv`: a list of objects (or one object, which gives one row) to CSV.
 * Nested objects are flattened into dotted columns (`{"a": {"b": 1}}` gives the column `a.b`);
 * lists become JSON text in their cell; null is an empty cell. Columns appear in the order they are
 * first seen, unless `columns` names them.
 *
 * @param {object} inputs
 * @param {unknown} inputs.data a list of objects or one object (JSON text is accepted too)
 * @param {string[]} [inputs.columns] the columns to write, in order (dotted names for nested keys)
 * @param {string} [inputs.delimiter] one character; `,` by default
 * @param {'lf' | 'crlf'} [inputs.line_ending] `lf` by default; `crlf` for strict RFC 4180
 * @returns {{ csv: string }}
 */
export function jsonToCsv({ data, columns, delimiter = ',', line_ending = 'lf' } = {}) {
  const rows = readData(data);
  if (typeof delimiter !== 'string' || [...delimiter].length !== 1 || /["\r\n]/.test(delimiter)) {
    fail(
      `\`delimiter\` must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`,
    );
  }
  const eol = LINE_ENDINGS[line_ending];
  if (eol === undefined)
    fail(`\`line_ending\` must be "lf" or "crlf", got ${JSON.stringify(line_ending)}`);

  const flat = rows.map((row) => flatten(row));
  let header;
  if (columns === undefined || columns === null) {
    const seen = new Set();
    for (const row of flat) for (const key of row.keys()) seen.add(key);
    header = [...seen];
  } else {
    if (!Array.isArray(columns) || columns.some((name) => typeof name !== 'string')) {
      fail('`columns` must be a list of column names, e.g. ["name", "address.city"]');
    }
    const found = new Set(flat.flatMap((row) => [...row.keys()]));
    const missing = columns.filter((name) => !found.has(name));
    if (missing.length > 0 && flat.length > 0) {
      fail(
        `no row has the column${missing.length > 1 ? 's' : ''} ${missing.map((name) => JSON.stringify(name)).join(', ')}; the columns are: ${[...found].join(', ')}`,
      );
    }
    header = columns;
  }
  if (header.length === 0) return { csv: '' };
  const table = flat.map((row) => header.map((name) => row.get(name)));
  return { csv: writeCsv(header, table, { delimiter, eol }) };
}

export default jsonToCsv;
