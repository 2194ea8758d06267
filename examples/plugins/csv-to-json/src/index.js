import { CsvSyntaxError, detectDelimiter, parseCsv } from './csv-parser.js';
import { typeCell } from './typing.js';

function fail(message) {
  throw new Error(`csv-to-json: ${message}`);
}

function readHeader(fields) {
  const names = fields.map((name, index) => name.trim() || `column_${index + 1}`);
  const first = new Map();
  names.forEach((name, index) => {
    if (first.has(name)) {
      fail(
        `the header has the column ${JSON.stringify(name)} twice (columns ${first.get(name) + 1} and ${index + 1}); rename one so every column has its own name`,
      );
    }
    first.set(name, index);
  });
  return names;
}

function setPath(target, path, value, header) {
  const keys = path.split('.');
  let node = target;
  keys.forEach((key, position) => {
    if (position === keys.length - 1) {
      if (key in node && typeof node[key] === 'object' && node[key] !== null) {
        const deeper = header.find((name) => name.startsWith(`${path}.`));
        fail(
          `columns ${JSON.stringify(path)} and ${JSON.stringify(deeper)} clash with nested: true (${JSON.stringify(path)} would be both a value and an object); rename one, or set nested: false`,
        );
      }
      node[key] = value;
      return;
    }
    if (!(key in node)) node[key] = {};
    else if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key])) {
      const prefix = keys.slice(0, position + 1).join('.');
      fail(
        `columns ${JSON.stringify(prefix)} and ${JSON.stringify(path)} clash with nested: true (${JSON.stringify(prefix)} would be both a value and an object); rename one, or set nested: false`,
      );
    }
    node = node[key];
  });
}

/**
 * Mark-1 capability `csv-to-json`: CSV text with a header row to a list of objects, one per row,
 * keyed by the header's names.
 *
 * @param {object} inputs
 * @param {string} inputs.csv the CSV text (RFC 4180; CRLF, LF or CR line breaks)
 * @param {string} [inputs.delimiter] one character, or "auto" to pick , ; tab or | from the header
 * @param {boolean} [inputs.types] true (default) types numbers, booleans, empty cells (null) and
 *   JSON lists/objects; false keeps every cell a string
 * @param {boolean} [inputs.nested] true rebuilds nested objects from dotted column names
 * @returns {{ data: Record<string, unknown>[] }}
 */
export function csvToJson({ csv, delimiter = ',', types = true, nested = false } = {}) {
  if (csv === undefined || csv === null)
    fail('`csv` is required: pass the CSV text, header row first');
  if (typeof csv !== 'string') {
    fail(
      `\`csv\` must be CSV text, got ${Array.isArray(csv) ? 'a list' : `a ${typeof csv}`}; to convert JSON to CSV use json-to-csv`,
    );
  }
  if (delimiter === 'auto') delimiter = detectDelimiter(csv);
  if (typeof delimiter !== 'string' || [...delimiter].length !== 1 || /["\r\n]/.test(delimiter)) {
    fail(
      `\`delimiter\` must be one character other than a quote or a line break, or "auto"; got ${JSON.stringify(delimiter)}`,
    );
  }
  let records;
  try {
    records = parseCsv(csv, { delimiter });
  } catch (error) {
    if (error instanceof CsvSyntaxError) fail(error.message);
    throw error;
  }
  if (records.length === 0) return { data: [] };
  const [headerRecord, ...rows] = records;
  const header = readHeader(headerRecord.fields);
  const data = rows.map(({ fields, line }, index) => {
    if (fields.length !== header.length) {
      const hint =
        fields.length > header.length
          ? `quote fields that contain ${JSON.stringify(delimiter)} with double quotes`
          : 'add the missing fields (empty ones are fine: a,,c)';
      fail(
        `row ${index + 2} (line ${line}) has ${fields.length} fields, the header has ${header.length}; ${hint}`,
      );
    }
    const row = {};
    header.forEach((name, column) => {
      const value = types ? typeCell(fields[column]) : fields[column];
      if (nested) setPath(row, name, value, header);
      else row[name] = value;
    });
    return row;
  });
  return { data };
}

export default csvToJson;
