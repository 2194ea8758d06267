import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellText, quoteField } from '../src/csv-writer.js';
import { flatten } from '../src/flatten.js';
import { jsonToCsv } from '../src/index.js';

describe('jsonToCsv', () => {
  it('writes a header and one row per object', () => {
    const { csv } = jsonToCsv({
      data: [
        { name: 'Ann', score: 3 },
        { name: 'Bob', score: 4.5 },
      ],
    });
    assert.equal(csv, 'name,score\nAnn,3\nBob,4.5\n');
  });

  it('turns a single object into one row', () => {
    assert.equal(
      jsonToCsv({ data: { label: 'mixed', score: -0.13 } }).csv,
      'label,score\nmixed,-0.13\n',
    );
  });

  it('quotes fields with commas, quotes, line breaks and edge spaces (RFC 4180)', () => {
    const { csv } = jsonToCsv({
      data: [{ a: 'x,y', b: 'say "hi"', c: 'two\nlines', d: ' padded', e: 'plain' }],
    });
    assert.equal(csv, 'a,b,c,d,e\n"x,y","say ""hi""","two\nlines"," padded",plain\n');
  });

  it('flattens nested objects with dotted keys and keeps lists as JSON', () => {
    const { csv } = jsonToCsv({
      data: [
        { id: 1, user: { name: 'Ann', address: { city: 'Oslo' } }, tags: ['a', 'b'], meta: {} },
      ],
    });
    assert.equal(csv, 'id,user.name,user.address.city,tags,meta\n1,Ann,Oslo,"[""a"",""b""]",{}\n');
  });

  it('takes the union of keys in first-seen order; missing and null cells are empty', () => {
    const { csv } = jsonToCsv({
      data: [{ a: 1, b: null }, { c: true }, { b: false, a: 2 }],
    });
    assert.equal(csv, 'a,b,c\n1,,\n,,true\n2,false,\n');
  });

  it('follows `columns` for choice and order', () => {
    const data = [{ name: 'Ann', address: { city: 'Oslo' }, age: 40 }];
    assert.equal(
      jsonToCsv({ data, columns: ['address.city', 'name'] }).csv,
      'address.city,name\nOslo,Ann\n',
    );
    assert.throws(
      () => jsonToCsv({ data, columns: ['nmae'] }),
      /json-to-csv: no row has the column "nmae"; the columns are: name, address.city, age/,
    );
  });

  it('supports other delimiters and CRLF line endings', () => {
    const { csv } = jsonToCsv({
      data: [{ a: '1;2', b: 'x,y' }],
      delimiter: ';',
      line_ending: 'crlf',
    });
    assert.equal(csv, 'a;b\r\n"1;2";x,y\r\n');
  });

  it('accepts JSON text for `data`', () => {
    assert.equal(jsonToCsv({ data: '[{"a":1}]' }).csv, 'a\n1\n');
  });

  it('gives an empty CSV for an empty list', () => {
    assert.equal(jsonToCsv({ data: [] }).csv, '');
  });

  it('explains bad input', () => {
    assert.throws(() => jsonToCsv({}), /`data` is required/);
    assert.throws(
      () => jsonToCsv({ data: 42 }),
      /must be a list of objects or one object, got a number/,
    );
    assert.throws(
      () => jsonToCsv({ data: [{ a: 1 }, 'x'] }),
      /item 2 of `data` is the string "x", not an object/,
    );
    assert.throws(() => jsonToCsv({ data: '{oops' }), /`data` is a string that is not JSON/);
    assert.throws(
      () => jsonToCsv({ data: [{ a: 1 }], delimiter: '""' }),
      /`delimiter` must be one character/,
    );
    assert.throws(
      () => jsonToCsv({ data: [{ a: 1 }], line_ending: 'cr' }),
      /`line_ending` must be "lf" or "crlf"/,
    );
  });
});

describe('writer helpers', () => {
  it('formats cell values', () => {
    assert.equal(cellText(null), '');
    assert.equal(cellText(undefined), '');
    assert.equal(cellText(0), '0');
    assert.equal(cellText(Number.NaN), '');
    assert.equal(cellText(false), 'false');
    assert.equal(cellText([1, 'a']), '[1,"a"]');
  });

  it('quotes only when needed', () => {
    assert.equal(quoteField('abc'), 'abc');
    assert.equal(quoteField('a\rb'), '"a\rb"');
    assert.equal(quoteField('a;b', ';'), '"a;b"');
    assert.equal(quoteField('a;b', ','), 'a;b');
  });

  it('flattens in order', () => {
    assert.deepEqual(
      [...flatten({ a: { b: { c: 1 } }, d: [1] })],
      [
        ['a.b.c', 1],
        ['d', [1]],
      ],
    );
  });
});
