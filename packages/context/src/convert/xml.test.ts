import { Mark1Error } from '@mark1/sdk';
import { describe, expect, it } from 'vitest';
import { ContextErrorCodes } from '../errors';
import { Notes } from './notes';
import { dataToXml, xmlToData } from './xml';
import { isXmlName, parseXml } from './xml-parser';

function xmlError(text: string): Mark1Error {
  try {
    parseXml(text);
  } catch (error) {
    if (Mark1Error.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an XML error');
}

describe('parseXml', () => {
  it('reads the declaration, attributes in both quote styles, entities, character references and CDATA', () => {
    const document = parseXml(
      `<?xml version="1.0" encoding="UTF-8"?>\n<a x="1" y='two &amp; &quot;three&quot;'>&lt;tag&gt; &#169; &#x263A;<![CDATA[<raw> & ]]><b/></a>`,
    );
    expect(document.root).toEqual({
      name: 'a',
      attributes: [
        ['x', '1'],
        ['y', 'two & "three"'],
      ],
      children: ['<tag> © ☺', '<raw> & ', { name: 'b', attributes: [], children: [] }],
    });
  });

  it('normalizes line breaks and tabs in attribute values to spaces, and CRLF in text to LF', () => {
    const document = parseXml('<a t="one\ttwo\r\nthree">x\r\ny</a>');
    expect(document.root.attributes).toEqual([['t', 'one two three']]);
    expect(document.root.children).toEqual(['x\ny']);
  });

  it('counts comments and processing instructions, which the data model drops', () => {
    const document = parseXml('<!-- head --><?style x?><r><!-- in --><?pi data?></r><!-- tail -->');
    expect(document.comments).toBe(3);
    expect(document.instructions).toBe(2);
  });

  it('refuses a DOCTYPE, so external entities (XXE) never resolve', () => {
    const error = xmlError(
      '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n<r>&secret;</r>',
    );
    expect(error.code).toBe(ContextErrorCodes.XML_DTD_REFUSED);
    expect(error.message).toContain('line 2');
    expect(error.message).toContain('XXE');
  });

  it('refuses an entity bomb and undeclared custom entities', () => {
    const bomb =
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>';
    expect(xmlError(bomb).code).toBe(ContextErrorCodes.XML_DTD_REFUSED);
    expect(xmlError('<r>&nbsp;</r>').code).toBe(ContextErrorCodes.XML_DTD_REFUSED);
  });

  it.each([
    ['<a><b></a>', '</a> closes <b>', 1, 9],
    ['<a>', 'never closed', 1, 1],
    ['<a x="1" x="2"/>', 'appears twice', 1, 10],
    ['<a x=1/>', 'not quoted', 1, 6],
    ['<a x="<"/>', '"<" inside the value', 1, 7],
    ['<a/><b/>', 'a second root element <b>', 1, 5],
    ['text<a/>', 'text before the root element', 1, 1],
    ['<a/>tail', 'text after the root element', 1, 5],
    ['<a>AT&T</a>', 'does not start an entity', 1, 6],
    ['<a>&#0;</a>', 'not a valid character reference', 1, 4],
    ['<a>\u0001</a>', 'U+0001 is not allowed', 1, 4],
    ['<a><!-- x -- y --></a>', 'contains "--"', 1, 4],
    ['<1a/>', 'expected an element name', 1, 2],
    ['<a/><?xml version="1.0"?>', 'may only open the document', 1, 5],
    ['', 'no root element', 1, 1],
  ])('refuses %j: %s at line %i, column %i', (text, problem, line, column) => {
    const error = xmlError(text);
    expect(error.code).toBe(ContextErrorCodes.XML_PARSE_ERROR);
    expect(error.message).toContain(problem);
    expect(error.details).toEqual({ line, column });
  });

  it('knows XML names', () => {
    expect(isXmlName('a-b.c_d:e')).toBe(true);
    expect(isXmlName('名前')).toBe(true);
    expect(isXmlName('first name')).toBe(false);
    expect(isXmlName('1st')).toBe(false);
    expect(isXmlName('')).toBe(false);
  });
});

describe('XML as data', () => {
  it('maps attributes to @fields, repeated elements to lists and text beside elements to #text', () => {
    const notes = new Notes();
    const data = xmlToData(
      '<library city="Oslo"><book id="1"><title>Dune</title></book><book id="2"><title>Emma</title><note>old</note></book><price currency="EUR">12</price></library>',
      notes,
    );
    expect(data).toEqual({
      library: {
        '@city': 'Oslo',
        book: [
          { '@id': '1', title: 'Dune' },
          { '@id': '2', title: 'Emma', note: 'old' },
        ],
        price: { '@currency': 'EUR', '#text': '12' },
      },
    });
    expect(notes.list).toEqual([]);
  });

  it('notes the order of interleaved siblings and mixed text it cannot keep', () => {
    const notes = new Notes();
    const data = xmlToData('<p>Hello <b>big</b> world<i>!</i><b>again</b></p>', notes);
    expect(data).toEqual({ p: { b: ['big', 'again'], i: '!', '#text': 'Hello  world' } });
    expect(notes.list.join('\n')).toMatch(
      /order of differently named XML elements was lost.*inside p/,
    );
    expect(notes.list.join('\n')).toMatch(/text mixed between XML elements/);
  });

  it('writes escaped text and attributes that parse back to the same data', () => {
    const data = {
      order: {
        '@id': 'a"b<c>&\nd',
        customer: 'Tom & "Jerry" <cats>',
        line: [
          { sku: 'x1', '@qty': '2' },
          { sku: 'y2', '@qty': '1' },
        ],
        comment: { '@lang': 'en', '#text': ']]> is fine' },
      },
    };
    const notes = new Notes();
    const xml = dataToXml(data, notes);
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<order id="a&quot;b&lt;c>&amp;&#10;d">',
      ),
    ).toBe(true);
    expect(xmlToData(xml, new Notes())).toEqual(data);
    expect(notes.list).toEqual([]);
  });

  it('says what XML cannot carry: types, null, empty and one-item lists, bad names, control characters', () => {
    const notes = new Notes();
    const xml = dataToXml(
      { row: { 'first name': 'Ada', age: 36, gone: null, none: [], one: ['x'], bell: 'a\u0007b' } },
      notes,
    );
    expect(xml).toContain('<first_name>Ada</first_name>');
    expect(xml).toContain('<gone/>');
    expect(xml).toContain('<bell>a\uFFFDb</bell>');
    const text = notes.list.join('\n');
    expect(text).toContain('numbers and booleans became XML text');
    expect(text).toContain('nulls became empty XML elements');
    expect(text).toContain('empty lists have no XML form');
    expect(text).toContain('a list of one item is one XML element');
    expect(text).toContain('"first name" to <first_name>');
    expect(text).toContain('U+FFFD');
    expect(() => parseXml(xml)).not.toThrow();
  });

  it('wraps a list in <root><item> and says so', () => {
    const notes = new Notes();
    const xml = dataToXml([{ a: '1' }, { a: '2' }], notes);
    expect(xmlToData(xml, new Notes())).toEqual({ root: { item: [{ a: '1' }, { a: '2' }] } });
    expect(notes.list[0]).toContain('<root> holding <item> elements');
  });
});
