import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compatibility, DATA_TYPES, Mark1Error, type DataType } from '@mark1/sdk';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../test/support/temporary';
import { createArtifactStore, type ArtifactStore } from '../artifacts/artifact-store';
import { ContextErrorCodes } from '../errors';
import { convertValue } from './convert-value';
import { parseCsv } from './csv';
import { parseXml } from './xml-parser';

const RECORDS = [
  { name: 'Ada', age: 36, active: true },
  { name: 'Bob, "B"', age: 41, active: false },
];
const CSV = 'name,age,active\r\nAda,36,true\r\n"Bob, ""B""",41,false\r\n';
const YAML =
  '- name: Ada\n  age: 36\n  active: true\n- name: Bob, "B"\n  age: 41\n  active: false\n';
const XML =
  '<people><person id="1"><name>Ada</name></person><person id="2"><name>Bob</name></person></people>';

let folder: ReturnType<typeof temporaryFolder>;
let artifacts: ArtifactStore;
const files: Record<string, string> = {};

beforeAll(() => {
  folder = temporaryFolder('mark1-convert-');
  artifacts = createArtifactStore({ root: join(folder.path, 'artifacts') });
  const write = (name: string, content: string | Buffer) => {
    const path = join(folder.path, name);
    writeFileSync(path, content);
    files[name] = path;
  };
  write('records.json', JSON.stringify(RECORDS));
  write('records.csv', CSV);
  write('records.yaml', YAML);
  write('people.xml', XML);
  write('notes.txt', 'plain text notes\n');
  write('page.html', '<h1>Page</h1>\n');
  write('doc.pdf', Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n%%EOF\n', 'latin1'));
  write(
    'pixel.png',
    Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'),
  );
  write('sound.wav', Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'));
  write('clip.mp4', Buffer.from('000000186674797069736f6d', 'hex'));
  write('blob.bin', Buffer.from([0, 255, 1, 254, 0, 0, 7]));
});
afterAll(() => folder.remove());

/** A value of type `from` that makes sense as input to a conversion to `to`. */
function sample(from: DataType, to: DataType): unknown {
  switch (from) {
    case 'text':
      return to === 'url'
        ? 'https://example.com/data.csv'
        : to === 'database'
          ? 'postgres://mark1@localhost:5432/mark1'
          : '# Hello\n\nSome *text*.';
    case 'json':
      return RECORDS;
    case 'csv':
      return CSV;
    case 'yaml':
      return YAML;
    case 'xml':
      return XML;
    case 'html':
      return '<p>Hello &amp; welcome</p>';
    case 'markdown':
      return '# Title\n\n| a |\n| --- |\n| 1 |\n';
    case 'url':
      return to === 'file' ? pathToFileURL(files['notes.txt']!).href : 'https://example.com/page';
    case 'pdf':
      return files['doc.pdf'];
    case 'image':
      return files['pixel.png'];
    case 'audio':
      return files['sound.wav'];
    case 'video':
      return files['clip.mp4'];
    case 'binary':
      return files['blob.bin'];
    case 'file': {
      const byTarget: Partial<Record<DataType, string>> = {
        json: 'records.json',
        csv: 'records.csv',
        yaml: 'records.yaml',
        xml: 'people.xml',
        text: 'notes.txt',
        html: 'page.html',
        markdown: 'notes.txt',
      };
      return files[byTarget[to] ?? 'blob.bin'];
    }
    case 'directory':
      return folder.path;
    case 'database':
      return 'sqlite:///tmp/mark1.db';
  }
}

/** Throws unless `value` is a well-formed value of type `type`. */
function expectValid(type: DataType, value: unknown): void {
  switch (type) {
    case 'json':
      expect(value).not.toBeUndefined();
      expect(typeof value).not.toBe('string');
      expect(JSON.parse(JSON.stringify(value))).toEqual(value);
      return;
    case 'csv':
      expect(typeof value).toBe('string');
      expect(parseCsv(value as string).columns.length).toBeGreaterThan(0);
      return;
    case 'yaml':
      expect(typeof value).toBe('string');
      expect(parseYaml(value as string)).toBeTruthy();
      return;
    case 'xml':
      expect(typeof value).toBe('string');
      expect(() => parseXml(value as string)).not.toThrow();
      return;
    case 'html':
      expect(value).toMatch(/<[a-z]+/);
      return;
    case 'text':
    case 'markdown':
      expect(typeof value).toBe('string');
      expect((value as string).length).toBeGreaterThan(0);
      return;
    case 'url':
      expect(() => new URL(value as string)).not.toThrow();
      return;
    case 'database':
      expect(value).toMatch(/^\S+$/);
      return;
    case 'file':
    case 'pdf':
    case 'image':
    case 'audio':
    case 'video':
    case 'binary':
    case 'directory':
      expect(typeof value).toBe('string');
      expect(existsSync(value as string)).toBe(true);
      return;
  }
}

function conversionError(run: () => unknown): Mark1Error {
  try {
    run();
  } catch (error) {
    if (Mark1Error.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the conversion to fail');
}

const pairs = DATA_TYPES.flatMap((from) =>
  DATA_TYPES.map((to) => [from, to, compatibility(from, to)] as const),
);

describe('every pair the sdk declares convertible has a converter', () => {
  const convertible = pairs.filter(([, , how]) => how === 'convertible');

  it('covers a meaningful number of pairs', () => {
    expect(convertible.length).toBeGreaterThan(40);
  });

  it.each(convertible.map(([from, to]) => [from, to]))('%s → %s', (from, to) => {
    const result = convertValue(sample(from, to), from, to, { artifacts });
    expectValid(to, result.value);
    expect(Array.isArray(result.lossy)).toBe(true);
  });

  it.each(pairs.filter(([, , how]) => how === 'incompatible').map(([from, to]) => [from, to]))(
    '%s → %s is refused with CONVERSION_UNSUPPORTED',
    (from, to) => {
      const error = conversionError(() => convertValue(sample(from, to), from, to));
      expect(error.code).toBe(ContextErrorCodes.CONVERSION_UNSUPPORTED);
      expect(error.message).toContain(`${from} value cannot be converted to ${to}`);
    },
  );

  it('passes exact pairs through untouched', () => {
    const value = { any: ['thing'] };
    expect(convertValue(value, 'json', 'json')).toEqual({ value, lossy: [] });
    expect(convertValue('a;b', 'csv', 'csv').value).toBe('a;b');
  });
});

describe('round trips', () => {
  it('json → csv → json keeps flat records and their types', () => {
    const csv = convertValue(RECORDS, 'json', 'csv');
    expect(csv.value).toBe(CSV);
    expect(csv.lossy).toEqual([
      'numbers, booleans and nulls became CSV text, their types are lost (age, active)',
    ]);
    expect(convertValue(csv.value, 'csv', 'json')).toEqual({ value: RECORDS, lossy: [] });
  });

  it('reads a CSV column as numbers only when every value is a canonical number', () => {
    const { value } = convertValue(
      'zip,n,price,flag,mixed\r\n02134,1,1.50,true,1\r\n10001,2,2.25,false,x\r\n',
      'csv',
      'json',
    );
    expect(value).toEqual([
      { zip: '02134', n: 1, price: '1.50', flag: true, mixed: '1' },
      { zip: '10001', n: 2, price: '2.25', flag: false, mixed: 'x' },
    ]);
  });

  it('json → yaml → json and csv → yaml → csv are lossless', () => {
    const nested = [
      { a: { b: [1, 2, { c: null }] }, 'key with: colon': '#not a comment', empty: '' },
    ];
    const yaml = convertValue(nested, 'json', 'yaml');
    expect(yaml.lossy).toEqual([]);
    expect(convertValue(yaml.value, 'yaml', 'json').value).toEqual(nested);
    expect(convertValue(convertValue(CSV, 'csv', 'yaml').value, 'yaml', 'csv').value).toBe(CSV);
    expect(convertValue(YAML, 'yaml', 'json').value).toEqual(RECORDS);
  });

  it('csv → xml → csv is lossless for text tables', () => {
    const csv = 'id,title,note\r\n1,Dune & co,<b>\r\n2,Emma,\r\n';
    const xml = convertValue(csv, 'csv', 'xml');
    expect(xml.value).toContain('<title>Dune &amp; co</title>');
    expect(convertValue(xml.value, 'xml', 'csv').value).toBe(csv);
  });

  it('xml → json → xml keeps attributes, repeated elements and text', () => {
    const data = convertValue(XML, 'xml', 'json').value;
    expect(data).toEqual({
      people: {
        person: [
          { '@id': '1', name: 'Ada' },
          { '@id': '2', name: 'Bob' },
        ],
      },
    });
    const again = convertValue(data, 'json', 'xml');
    expect(again.lossy).toEqual([]);
    expect(convertValue(again.value, 'xml', 'json').value).toEqual(data);
  });
});

describe('lossy notes', () => {
  it('says when nested objects are flattened, lists become text and records have different keys', () => {
    const { value, lossy } = convertValue(
      [
        { id: 'a', address: { city: 'Oslo', geo: { lat: '59.9' } }, tags: ['x', 'y'] },
        { id: 'b', email: 'b@example.com' },
      ],
      'json',
      'csv',
    );
    expect(value).toBe(
      'id,address.city,address.geo.lat,tags,email\r\na,Oslo,59.9,"[""x"",""y""]",\r\nb,,,,b@example.com\r\n',
    );
    expect(lossy).toEqual([
      'nested objects were flattened into dotted CSV columns (address, address.geo)',
      'lists were written as JSON text in one CSV cell (tags)',
      'the records do not all have the same fields; CSV cells of missing fields were left empty, so "missing" and "empty" look alike (email, address.city, address.geo.lat, tags)',
    ]);
  });

  it('says that XML attributes and elements both become plain columns', () => {
    const { value, lossy } = convertValue(XML, 'xml', 'csv');
    expect(value).toBe('id,name\r\n1,Ada\r\n2,Bob\r\n');
    expect(lossy).toContain(
      'the records were read from inside <people><person>; that wrapper is not part of the CSV table',
    );
    expect(lossy).toContain(
      'XML attributes and child elements both became plain CSV columns; which was an attribute is lost (id)',
    );
  });

  it('says that YAML comments and documents are dropped, and non-finite numbers have no JSON form', () => {
    const { value, lossy } = convertValue(
      '# header\na: 1 # why\nb: .inf\n---\nc: 2\n',
      'yaml',
      'json',
    );
    expect(value).toEqual([{ a: 1, b: null }, { c: 2 }]);
    expect(lossy).toEqual([
      'YAML comments were dropped',
      '2 YAML documents became one list',
      'infinite and not-a-number values have no JSON form and became null',
    ]);
  });

  it('does not mistake a # inside a YAML string for a comment', () => {
    expect(convertValue('title: "issue #12"\n', 'yaml', 'json')).toEqual({
      value: { title: 'issue #12' },
      lossy: [],
    });
  });

  it('says what a Markdown or HTML table turns to text', () => {
    const markdown = convertValue([{ name: 'a|b', n: 1 }], 'json', 'markdown');
    expect(markdown.value).toBe('| name | n |\n| --- | --- |\n| a\\|b | 1 |\n');
    expect(markdown.lossy).toEqual([
      'numbers, booleans and nulls became Markdown text, their types are lost (n)',
    ]);
    const html = convertValue('name\r\n<script>alert(1)</script>\r\n', 'csv', 'html');
    expect(html.value).toContain('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(html.value).not.toContain('<script>');
    expect(html.lossy).toEqual([]);
  });
});

describe('rename (schema mapping)', () => {
  it('renames record fields on the way from json to csv and from csv to json', () => {
    expect(convertValue(RECORDS, 'json', 'csv', { rename: { name: 'full_name' } }).value).toBe(
      CSV.replace('name,', 'full_name,'),
    );
    expect(convertValue(CSV, 'csv', 'json', { rename: { age: 'years' } }).value).toEqual(
      RECORDS.map(({ name, age, active }) => ({ name, years: age, active })),
    );
  });

  it('renames inside wrappers (XML records) and in a same-type conversion', () => {
    expect(
      convertValue({ users: [{ n: 'a' }] }, 'json', 'json', { rename: { n: 'name' } }).value,
    ).toEqual({ users: [{ name: 'a' }] });
    expect(convertValue(XML, 'xml', 'csv', { rename: { name: 'person' } }).value).toBe(
      'id,person\r\n1,Ada\r\n2,Bob\r\n',
    );
    expect(
      convertValue(files['records.json'], 'file', 'json', { rename: { active: 'enabled' } }).value,
    ).toEqual(RECORDS.map(({ name, age, active }) => ({ name, age, enabled: active })));
  });

  it('refuses a rename that would make two fields collide, or that cannot apply', () => {
    const collide = conversionError(() =>
      convertValue(RECORDS, 'json', 'csv', { rename: { name: 'age' } }),
    );
    expect(collide.code).toBe(ContextErrorCodes.RENAME_INVALID);
    expect(collide.message).toContain('already has a field "age"');
    expect(
      conversionError(() =>
        convertValue(RECORDS, 'json', 'csv', { rename: { name: 'x', age: 'x' } }),
      ).message,
    ).toContain('the same name "x"');
    expect(
      conversionError(() => convertValue('hello', 'text', 'markdown', { rename: { a: 'b' } })).code,
    ).toBe(ContextErrorCodes.RENAME_INVALID);
  });
});

describe('malformed input gets a clear error', () => {
  it.each([
    ['csv', 'json', 'a,b\n1,2\n3\n', ContextErrorCodes.CSV_PARSE_ERROR, 'CSV line 3'],
    ['json', 'csv', '[{"a": 1},]', ContextErrorCodes.JSON_PARSE_ERROR, 'JSON line 1'],
    ['yaml', 'json', 'a: [1, 2\nb: 3\n', ContextErrorCodes.YAML_PARSE_ERROR, 'YAML line'],
    ['xml', 'json', '<a><b></a>', ContextErrorCodes.XML_PARSE_ERROR, 'XML line 1, column 9'],
    [
      'xml',
      'csv',
      '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
      ContextErrorCodes.XML_DTD_REFUSED,
      'XXE',
    ],
    ['json', 'csv', 42, ContextErrorCodes.CONVERSION_INPUT_INVALID, 'needs a list of records'],
    ['csv', 'json', { not: 'text' }, ContextErrorCodes.CONVERSION_INPUT_INVALID, 'must be text'],
    ['text', 'url', 'not a url', ContextErrorCodes.CONVERSION_INPUT_INVALID, 'is not a URL'],
    [
      'text',
      'database',
      'line one\nline two',
      ContextErrorCodes.CONVERSION_INPUT_INVALID,
      'several lines',
    ],
    [
      'file',
      'json',
      '/no/such/file.json',
      ContextErrorCodes.CONVERSION_FILE_UNREADABLE,
      'does not exist',
    ],
    ['csv', 'json', 'id,id\r\n1,2\r\n', ContextErrorCodes.CSV_PARSE_ERROR, 'appears twice'],
  ] as const)('%s → %s of %j: %s', (from, to, value, code, words) => {
    const error = conversionError(() => convertValue(value, from, to));
    expect(error.code).toBe(code);
    expect(error.message).toContain(words);
  });

  it('refuses a file that is not UTF-8 text where text is needed', () => {
    const error = conversionError(() => convertValue(files['blob.bin'], 'file', 'text'));
    expect(error.code).toBe(ContextErrorCodes.CONVERSION_FILE_UNREADABLE);
    expect(error.message).toContain('not UTF-8 text');
  });

  it('refuses an unknown data type', () => {
    expect(
      conversionError(() => convertValue('x', 'text', 'spreadsheet' as DataType)).message,
    ).toContain('Unknown target data type');
  });
});

describe('file-like values', () => {
  it('reads a textual value that is a path to an existing file', () => {
    expect(convertValue(files['records.csv'], 'csv', 'json').value).toEqual(RECORDS);
    expect(convertValue('./records.yaml', 'yaml', 'json', { cwd: folder.path }).value).toEqual(
      RECORDS,
    );
    expect(convertValue(files['people.xml'], 'xml', 'text').value).toBe(XML);
  });

  it('reads files only where readFiles allows', () => {
    expect(() =>
      convertValue(files['records.csv'], 'csv', 'json', { readFiles: false }),
    ).not.toThrow();
    expect(convertValue(files['records.csv'], 'csv', 'json', { readFiles: false }).value).toEqual(
      [],
    );
    const inside = (path: string) => path.startsWith(`${folder.path}/`);
    expect(convertValue(files['records.csv'], 'csv', 'json', { readFiles: inside }).value).toEqual(
      RECORDS,
    );
    expect(convertValue(process.execPath, 'text', 'markdown', { readFiles: inside }).value).toBe(
      process.execPath,
    );
    expect(conversionError(() => convertValue(process.execPath, 'text', 'markdown')).code).toBe(
      ContextErrorCodes.CONVERSION_FILE_UNREADABLE,
    );
  });

  it('does not take a one-word CSV for a file that shares its name', () => {
    writeFileSync(join(folder.path, 'name'), 'surprise,file\r\n');
    expect(convertValue('name\r\n', 'csv', 'json', { cwd: folder.path }).value).toEqual([]);
    expect(convertValue('name', 'csv', 'json', { cwd: folder.path }).value).toEqual([]);
  });

  it('writes in-memory values to content-addressed files with their text', () => {
    const first = convertValue(RECORDS, 'json', 'file', { artifacts }).value as string;
    expect(first.startsWith(artifacts.root)).toBe(true);
    expect(JSON.parse(readFileSync(first, 'utf8'))).toEqual(RECORDS);
    expect(convertValue(RECORDS, 'json', 'file', { artifacts }).value).toBe(first);
    expect(
      readFileSync(convertValue(CSV, 'csv', 'file', { artifacts }).value as string, 'utf8'),
    ).toBe(CSV);
  });

  it('reads a file by its extension when it holds another structured format', () => {
    expect(convertValue(files['records.csv'], 'file', 'json')).toEqual({
      value: RECORDS,
      lossy: [],
    });
    expect(convertValue(files['records.yaml'], 'file', 'csv').value).toBe(CSV);
    expect(convertValue(files['records.csv'], 'file', 'markdown').value).toContain(
      '| Ada | 36 | true |',
    );
    expect(convertValue(files['records.csv'], 'file', 'text').value).toBe(CSV);
  });

  it('passes a path through unchanged when a textual value already is a file', () => {
    expect(convertValue(files['records.csv'], 'csv', 'file', { artifacts }).value).toBe(
      files['records.csv'],
    );
    expect(convertValue(files['doc.pdf'], 'file', 'pdf').value).toBe(files['doc.pdf']);
  });

  it('writes binary bytes to a file for the file-like types', () => {
    const path = convertValue(new Uint8Array([1, 2, 3]), 'binary', 'image', { artifacts })
      .value as string;
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(statSync(path).size).toBe(3);
  });
});

describe('url → file', () => {
  it('is not a conversion: fetching a URL is a step of its own', () => {
    const error = conversionError(() =>
      convertValue('https://example.com/data.csv', 'url', 'file', { artifacts }),
    );
    expect(error.code).toBe(ContextErrorCodes.CONVERSION_UNSUPPORTED);
  });
});
