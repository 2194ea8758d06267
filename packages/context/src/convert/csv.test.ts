import { Mark1Error } from '@mark1/sdk';
import { describe, expect, it } from 'vitest';
import { ContextErrorCodes } from '../errors';
import { parseCsv, writeCsv } from './csv';

function parseError(text: string): Mark1Error {
  try {
    parseCsv(text);
  } catch (error) {
    if (Mark1Error.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected CSV_PARSE_ERROR');
}

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, with CRLF, LF or CR endings', () => {
    const text =
      'name,quote,notes\r\n"Smith, Ada","She said ""hi""","line one\r\nline two"\r\nBob,,plain\nCy,"",x\rDee,y,z';
    expect(parseCsv(text)).toEqual({
      columns: ['name', 'quote', 'notes'],
      rows: [
        ['Smith, Ada', 'She said "hi"', 'line one\r\nline two'],
        ['Bob', '', 'plain'],
        ['Cy', '', 'x'],
        ['Dee', 'y', 'z'],
      ],
    });
  });

  it('ignores a byte order mark, a final line break and blank lines between rows', () => {
    expect(parseCsv('\uFEFFa,b\n1,2\n\n3,4\n\n')).toEqual({
      columns: ['a', 'b'],
      rows: [
        ['1', '2'],
        ['3', '4'],
      ],
    });
  });

  it('keeps empty fields at the end of a line and a one-column table', () => {
    expect(parseCsv('a,b,c\n1,,\n')).toEqual({ columns: ['a', 'b', 'c'], rows: [['1', '', '']] });
    expect(parseCsv('only\nx\n"y"\n')).toEqual({ columns: ['only'], rows: [['x'], ['y']] });
  });

  it('reads an empty text as a table without columns', () => {
    expect(parseCsv('')).toEqual({ columns: [], rows: [] });
  });

  it('refuses a row whose length differs from the header, naming its line', () => {
    const error = parseError('a,b,c\n1,2,3\n4,5\n');
    expect(error.code).toBe(ContextErrorCodes.CSV_PARSE_ERROR);
    expect(error.message).toContain('line 3');
    expect(error.message).toContain('row 2 has 2 fields but the header has 3');
    expect(error.details).toMatchObject({ line: 3, column: 1 });
  });

  it('counts lines inside quoted fields when it reports a position', () => {
    const error = parseError('a,b\n"multi\nline",1\n1,2,3\n');
    expect(error.details).toMatchObject({ line: 4 });
  });

  it('refuses an unclosed quote, a quote in an unquoted field and text after a closing quote', () => {
    expect(parseError('a\n"never closed\n').message).toContain('never closed');
    const stray = parseError('a,b\n1,say "hi"\n');
    expect(stray.message).toContain('double quote inside an unquoted field');
    expect(stray.details).toMatchObject({ line: 2, column: 7 });
    expect(parseError('a,b\n"x"y,1\n').message).toContain('text follows the closing quote');
  });
});

describe('writeCsv', () => {
  it('quotes only fields that need it, doubles quotes and ends every line with CRLF', () => {
    const text = writeCsv({
      columns: ['name', 'comment'],
      rows: [
        ['Ada', 'plain'],
        ['Smith, Bob', 'said "hi"'],
        ['Cy', 'two\nlines'],
      ],
    });
    expect(text).toBe(
      'name,comment\r\nAda,plain\r\n"Smith, Bob","said ""hi"""\r\nCy,"two\nlines"\r\n',
    );
  });

  it('round-trips any cell content through parseCsv', () => {
    const cells = [
      '',
      ' ',
      ',',
      '"',
      '""',
      '\r\n',
      '\n',
      'a,"b"\nc',
      'ünïcødé ✓',
      'trailing ',
      '=1+1',
    ];
    const table = { columns: ['x', 'y'], rows: cells.map((cell, index) => [cell, String(index)]) };
    expect(parseCsv(writeCsv(table))).toEqual(table);
  });
});
