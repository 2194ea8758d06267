import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectDelimiter, parseCsv } from '../src/csv-parser.js';
import { csvToJson } from '../src/index.js';
import { typeCell } from '../src/typing.js';

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks', () => {
    const records = parseCsv('a,b,c\r\n"x,y","say ""hi""","two\r\nlines"\r\n');
    assert.deepEqual(
      records.map((record) => record.fields),
      [
        ['a', 'b', 'c'],
        ['x,y', 'say "hi"', 'two\r\nlines'],
      ],
    );
  });

  it('accepts LF, CRLF and CR, a missing final line break, a BOM, and skips blank lines', () => {
    const records = parseCsv('\ufeffa,b\n1,2\r\n\n3,4\r5,6');
    assert.deepEqual(
      records.map((record) => [record.line, record.fields]),
      [
        [1, ['a', 'b']],
        [2, ['1', '2']],
        [4, ['3', '4']],
        [5, ['5', '6']],
      ],
    );
  });

  it('keeps empty fields, and a quoted empty line is a record', () => {
    assert.deepEqual(
      parseCsv('a,,\n""\n').map((record) => record.fields),
      [['a', '', ''], ['']],
    );
  });

  it('counts lines inside quoted fields for the next record', () => {
    const records = parseCsv('h\n"one\ntwo\nthree"\nnext\n');
    assert.deepEqual(
      records.map((record) => record.line),
      [1, 2, 5],
    );
  });

  it('reports an unclosed quote and text after a closing quote with their lines', () => {
    assert.throws(() => parseCsv('a,b\n1,"open\n2,3\n'), {
      name: 'CsvSyntaxError',
      line: 2,
      message: /the quoted field that starts on line 2 never closes/,
    });
    assert.throws(() => parseCsv('a\n"x"y\n'), {
      line: 2,
      message: /line 2: "y" follows the closing quote of field 1/,
    });
  });

  it('keeps a stray quote inside an unquoted field as text', () => {
    assert.deepEqual(parseCsv('size\n5" screen\n')[1].fields, ['5" screen']);
  });

  it('detects the delimiter from the header', () => {
    assert.equal(detectDelimiter('a;b;c\n1,5;2;3'), ';');
    assert.equal(detectDelimiter('a\tb\n'), '\t');
    assert.equal(detectDelimiter('"x;y",b\n'), ',');
    assert.equal(detectDelimiter('single\n'), ',');
  });
});

describe('typeCell', () => {
  it('types JSON numbers, booleans, empty cells and JSON lists/objects', () => {
    assert.equal(typeCell('42'), 42);
    assert.equal(typeCell('-0.5'), -0.5);
    assert.equal(typeCell('1e3'), 1000);
    assert.equal(typeCell('TRUE'), true);
    assert.equal(typeCell('false'), false);
    assert.equal(typeCell(''), null);
    assert.deepEqual(typeCell('["a",1]'), ['a', 1]);
    assert.deepEqual(typeCell('{"k":true}'), { k: true });
  });

  it('keeps text that only looks like a number or JSON', () => {
    assert.equal(typeCell('007'), '007');
    assert.equal(typeCell('+5'), '+5');
    assert.equal(typeCell('.5'), '.5');
    assert.equal(typeCell('1,5'), '1,5');
    assert.equal(typeCell('12345678901234567890'), '12345678901234567890');
    assert.equal(typeCell('NaN'), 'NaN');
    assert.equal(typeCell('[draft]'), '[draft]');
    assert.equal(typeCell(' 1'), ' 1');
  });
});

describe('csvToJson', () => {
  it('gives one object per row keyed by the header, typed', () => {
    const { data } = csvToJson({
      csv: 'name,age,member,note\nAnn,40,true,"likes tea, coffee"\nBob,,false,\n',
    });
    assert.deepEqual(data, [
      { name: 'Ann', age: 40, member: true, note: 'likes tea, coffee' },
      { name: 'Bob', age: null, member: false, note: null },
    ]);
  });

  it('keeps strings with types: false', () => {
    assert.deepEqual(csvToJson({ csv: 'a,b\n1,true\n', types: false }).data, [
      { a: '1', b: 'true' },
    ]);
  });

  it('rebuilds nested objects from dotted names with nested: true', () => {
    const csv = 'id,user.name,user.address.city\n1,Ann,Oslo\n';
    assert.deepEqual(csvToJson({ csv }).data, [
      { id: 1, 'user.name': 'Ann', 'user.address.city': 'Oslo' },
    ]);
    assert.deepEqual(csvToJson({ csv, nested: true }).data, [
      { id: 1, user: { name: 'Ann', address: { city: 'Oslo' } } },
    ]);
  });

  it('reads json-to-csv output back to the same objects', () => {
    const csv = 'id,user.name,tags,note\n1,Ann,"[""a"",""b""]","say ""hi"", twice"\n';
    assert.deepEqual(csvToJson({ csv, nested: true }).data, [
      { id: 1, user: { name: 'Ann' }, tags: ['a', 'b'], note: 'say "hi", twice' },
    ]);
  });

  it('trims header names and names empty ones by position', () => {
    assert.deepEqual(csvToJson({ csv: ' a ,,c\n1,2,3\n' }).data, [{ a: 1, column_2: 2, c: 3 }]);
  });

  it('supports other delimiters and "auto"', () => {
    assert.deepEqual(csvToJson({ csv: 'a;b\n1,5;x\n', delimiter: ';' }).data, [
      { a: '1,5', b: 'x' },
    ]);
    assert.deepEqual(csvToJson({ csv: 'a\tb\n1\t2\n', delimiter: 'auto' }).data, [{ a: 1, b: 2 }]);
  });

  it('gives an empty list for empty CSV or a header alone', () => {
    assert.deepEqual(csvToJson({ csv: '' }).data, []);
    assert.deepEqual(csvToJson({ csv: 'a,b\n' }).data, []);
  });

  it('explains rows with the wrong number of fields, by row and line', () => {
    assert.throws(
      () => csvToJson({ csv: 'a,b,c\n1,2,3\n4,5,6,7\n' }),
      /^Error: csv-to-json: row 3 \(line 3\) has 4 fields, the header has 3; quote fields that contain "," with double quotes$/,
    );
    assert.throws(
      () => csvToJson({ csv: 'a,b,c\n"x\ny",2\n' }),
      /row 2 \(line 2\) has 2 fields, the header has 3; add the missing fields/,
    );
  });

  it('explains other bad input', () => {
    assert.throws(() => csvToJson({}), /`csv` is required/);
    assert.throws(
      () => csvToJson({ csv: [{ a: 1 }] }),
      /`csv` must be CSV text, got a list; to convert JSON to CSV use json-to-csv/,
    );
    assert.throws(
      () => csvToJson({ csv: 'a,b,a\n1,2,3' }),
      /the header has the column "a" twice \(columns 1 and 3\)/,
    );
    assert.throws(
      () => csvToJson({ csv: 'a\n"x', delimiter: ',' }),
      /csv-to-json: the quoted field that starts on line 2 never closes/,
    );
    assert.throws(
      () => csvToJson({ csv: 'a', delimiter: '::' }),
      /`delimiter` must be one character/,
    );
    assert.throws(
      () => csvToJson({ csv: 'a.b,a\n1,2', nested: true }),
      /columns "a" and "a.b" clash with nested: true/,
    );
  });
});
