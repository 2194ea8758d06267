import { contextError, ContextErrorCodes } from '../errors';
import { positionOf } from './text-position';

/** A CSV document: the header's column names and the rows under it, every cell as text. */
export interface CsvTable {
  columns: string[];
  rows: string[][];
}

const NEEDS_QUOTES = /[",\r\n]/;

function csvError(text: string, index: number, problem: string, fix: string): never {
  const { line, column } = positionOf(text, index);
  throw contextError(
    ContextErrorCodes.CSV_PARSE_ERROR,
    `CSV line ${line}, column ${column}: ${problem}. ${fix}`,
    {
      details: { line, column },
    },
  );
}

/**
 * Parses RFC 4180 CSV: comma-separated fields, records ending in CRLF (LF and CR are accepted too),
 * fields holding commas, quotes or line breaks enclosed in double quotes, a quote inside them
 * doubled. The first record is the header; every other record must have as many fields (blank
 * lines are skipped when the header has more than one column). A byte order mark is ignored.
 * Throws `CSV_PARSE_ERROR` with the line and column of the first problem.
 */
export function parseCsv(input: string): CsvTable {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const length = text.length;
  const records: string[][] = [];
  const recordStarts: number[] = [];
  let record: string[] = [];
  let index = 0;
  let recordStart = 0;

  const endRecord = (next: number) => {
    records.push(record);
    recordStarts.push(recordStart);
    record = [];
    recordStart = next;
  };

  while (index < length) {
    if (text.charCodeAt(index) === 34 /* " */) {
      // Quoted field: runs to the next quote that is not doubled.
      let value = '';
      let from = index + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) {
          csvError(
            text,
            index,
            'a quoted field is never closed',
            'Close it with a double quote, and double any quote inside it ("").',
          );
        }
        if (text.charCodeAt(quote + 1) === 34) {
          value += text.slice(from, quote + 1);
          from = quote + 2;
          continue;
        }
        value += text.slice(from, quote);
        index = quote + 1;
        break;
      }
      record.push(value);
      const after = text.charCodeAt(index);
      if (index >= length) {
        endRecord(index);
        break;
      }
      if (after === 44 /* , */) {
        index += 1;
        if (index >= length) {
          record.push('');
          endRecord(index);
        }
        continue;
      }
      if (after === 13 || after === 10) {
        index += after === 13 && text.charCodeAt(index + 1) === 10 ? 2 : 1;
        endRecord(index);
        continue;
      }
      csvError(
        text,
        index,
        `text follows the closing quote of a field (${JSON.stringify(text.slice(index, index + 10))})`,
        'Put the whole field inside the quotes, and double any quote inside it ("").',
      );
    }
    // A plain loop beats a sticky regular expression here: fields are short and there are many.
    let end = index;
    let char = -1;
    for (; end < length; end += 1) {
      const code = text.charCodeAt(end);
      if (code === 44 || code === 10 || code === 13 || code === 34) {
        char = code;
        break;
      }
    }
    if (char === 34) {
      csvError(
        text,
        end,
        'a double quote inside an unquoted field',
        'Enclose the field in double quotes and double the quote inside it ("").',
      );
    }
    record.push(text.slice(index, end));
    if (char === 44) {
      index = end + 1;
      if (index >= length) {
        record.push('');
        endRecord(index);
      }
    } else if (char === 13 || char === 10) {
      index = end + (char === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
      endRecord(index);
    } else {
      index = length;
      endRecord(index);
    }
  }

  const header = records[0];
  if (!header) return { columns: [], rows: [] };
  const width = header.length;
  const rows: string[][] = [];
  for (let r = 1; r < records.length; r += 1) {
    const row = records[r]!;
    if (row.length !== width) {
      if (row.length === 1 && row[0] === '' && width > 1) continue;
      csvError(
        text,
        recordStarts[r]!,
        `row ${r} has ${row.length} field${row.length === 1 ? '' : 's'} but the header has ${width}`,
        'Give every row as many fields as the header, quoting fields that contain commas.',
      );
    }
    rows.push(row);
  }
  return { columns: header, rows };
}

function quote(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/**
 * Writes RFC 4180 CSV: a header line, then one line per row, each ended by CRLF; fields holding a
 * comma, a quote or a line break are quoted with inner quotes doubled.
 */
export function writeCsv(table: CsvTable): string {
  const width = table.columns.length;
  if (width === 0) return '';
  const lines: string[] = [table.columns.map(quote).join(',')];
  for (const row of table.rows) {
    // map + join is the fastest way V8 offers to build a line (see bench/context-store.bench.ts).
    lines.push(
      (row.length === width ? row : Array.from({ length: width }, (_, c) => row[c] ?? ''))
        .map(quote)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
