import { contextError, ContextErrorCodes } from '../errors';
import { positionOf } from './text-position';

/** An XML element: its name, its attributes in document order, and its children. */
export interface XmlElement {
  name: string;
  attributes: [name: string, value: string][];
  children: XmlNode[];
}

/** A child of an element: an element, or text (character data and CDATA sections alike). */
export type XmlNode = XmlElement | string;

/** A parsed document: the root element and what the data model does not keep. */
export interface XmlDocument {
  root: XmlElement;
  /** Comments found (dropped by the data model). */
  comments: number;
  /** Processing instructions found, the XML declaration excepted (dropped by the data model). */
  instructions: number;
}

const NAME_START =
  /[A-Za-z_:\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const NAME =
  /[A-Za-z_:\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][A-Za-z0-9_:.\-\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*/y;
const WHITESPACE = /[ \t\r\n]*/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** True when `name` is a valid XML element or attribute name. */
export function isXmlName(name: string): boolean {
  NAME.lastIndex = 0;
  const match = NAME.exec(name);
  return match !== null && match[0].length === name.length && NAME_START.test(name[0] ?? '');
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/**
 * Parses XML 1.0 without any third-party parser. Handles the declaration, elements, attributes
 * (single or double quoted, values normalized as the spec says), character data, CDATA sections,
 * comments, processing instructions, the five predefined entities and character references.
 * Refuses a DOCTYPE and any other entity with `XML_DTD_REFUSED` (no external entities, no entity
 * expansion bombs); throws `XML_PARSE_ERROR` with line and column for anything not well-formed.
 */
export function parseXml(input: string): XmlDocument {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let index = 0;
  let comments = 0;
  let instructions = 0;

  const fail = (at: number, problem: string, fix: string): never => {
    const { line, column } = positionOf(text, at);
    throw contextError(
      ContextErrorCodes.XML_PARSE_ERROR,
      `XML line ${line}, column ${column}: ${problem}. ${fix}`,
      {
        details: { line, column },
      },
    );
  };
  const refuse = (at: number, what: string): never => {
    const { line, column } = positionOf(text, at);
    throw contextError(
      ContextErrorCodes.XML_DTD_REFUSED,
      `XML line ${line}, column ${column}: ${what} is refused: DTDs and custom entities can read local files or expand without bound (XXE). Remove the DOCTYPE and write the values out, or use the predefined entities (&lt; &gt; &amp; &quot; &apos;) and character references (&#169;).`,
      { details: { line, column } },
    );
  };
  const skipWhitespace = () => {
    WHITESPACE.lastIndex = index;
    WHITESPACE.exec(text);
    index = WHITESPACE.lastIndex;
  };
  const readName = (what: string): string => {
    NAME.lastIndex = index;
    const match = NAME.exec(text);
    if (!match)
      fail(
        index,
        `expected ${what} name`,
        'Names start with a letter, "_" or ":", then letters, digits, ".", "-" or "_".',
      );
    index = NAME.lastIndex;
    return match![0];
  };
  const checkChars = (value: string, at: number) => {
    for (let i = 0; i < value.length; i += 1) {
      const code = value.codePointAt(i)!;
      if (code > 0xffff) i += 1;
      if (!isXmlChar(code)) {
        fail(
          at + i,
          `character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`,
          'Remove it or encode the content (base64) before writing it as XML.',
        );
      }
    }
  };
  const decode = (raw: string, at: number): string => {
    checkChars(raw, at);
    if (!raw.includes('&')) return raw;
    let out = '';
    let from = 0;
    for (;;) {
      const amp = raw.indexOf('&', from);
      if (amp === -1) break;
      const semi = raw.indexOf(';', amp);
      if (semi === -1)
        fail(at + amp, 'a "&" does not start an entity', 'Write a literal ampersand as &amp;.');
      out += raw.slice(from, amp);
      const entity = raw.slice(amp + 1, semi);
      if (entity.startsWith('#')) {
        const hex = entity[1] === 'x';
        const digits = entity.slice(hex ? 2 : 1);
        const code =
          digits !== '' && (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)
            ? Number.parseInt(digits, hex ? 16 : 10)
            : Number.NaN;
        if (!Number.isFinite(code) || !isXmlChar(code)) {
          fail(
            at + amp,
            `&${entity}; is not a valid character reference`,
            'Use &#NNN; or &#xHHHH; for a character XML allows.',
          );
        }
        out += String.fromCodePoint(code);
      } else {
        const value = PREDEFINED[entity];
        if (value === undefined) {
          if (/^[A-Za-z_:][\w.:-]*$/.test(entity)) refuse(at + amp, `the entity &${entity};`);
          fail(at + amp, 'a "&" does not start an entity', 'Write a literal ampersand as &amp;.');
        }
        out += value;
      }
      from = semi + 1;
    }
    return out + raw.slice(from);
  };
  /** Skips a comment or processing instruction at `index`, or refuses a DOCTYPE; false when none starts here. */
  const skipMisc = (allowDeclaration: boolean): boolean => {
    if (text.startsWith('<!--', index)) {
      const end = text.indexOf('-->', index + 4);
      if (end === -1) fail(index, 'a comment is never closed', 'End it with -->.');
      if (text.slice(index + 4, end).includes('--'))
        fail(index, 'a comment contains "--"', 'Remove the double hyphen from the comment.');
      comments += 1;
      index = end + 3;
      return true;
    }
    if (text.startsWith('<!DOCTYPE', index) || text.startsWith('<!ENTITY', index)) {
      refuse(index, text.startsWith('<!DOCTYPE', index) ? 'a DOCTYPE' : 'an ENTITY declaration');
    }
    if (text.startsWith('<?', index)) {
      const start = index;
      index += 2;
      const target = readName('a processing instruction');
      const end = text.indexOf('?>', index);
      if (end === -1)
        fail(start, `the processing instruction <?${target} is never closed`, 'End it with ?>.');
      if (target.toLowerCase() === 'xml') {
        if (!allowDeclaration || start !== 0)
          fail(
            start,
            'the XML declaration <?xml ...?> may only open the document',
            'Move it to the very start or remove it.',
          );
      } else {
        instructions += 1;
      }
      index = end + 2;
      return true;
    }
    return false;
  };

  const parseElement = (): XmlElement => {
    const start = index;
    index += 1;
    const name = readName('an element');
    const element: XmlElement = { name, attributes: [], children: [] };
    const names = new Set<string>();
    for (;;) {
      const before = index;
      skipWhitespace();
      if (text.startsWith('/>', index)) {
        index += 2;
        return element;
      }
      if (text.charCodeAt(index) === 62 /* > */) {
        index += 1;
        break;
      }
      if (index >= text.length)
        fail(start, `the start tag <${name} is never closed`, 'End it with > or />.');
      if (index === before)
        fail(
          index,
          `expected whitespace, ">" or "/>" in the start tag <${name}>`,
          'Separate attributes with spaces.',
        );
      const attributeAt = index;
      const attribute = readName('an attribute');
      skipWhitespace();
      if (text.charCodeAt(index) !== 61 /* = */)
        fail(
          index,
          `attribute ${attribute} of <${name}> has no value`,
          'Write it as name="value".',
        );
      index += 1;
      skipWhitespace();
      const quote = text[index];
      if (quote !== '"' && quote !== "'")
        fail(
          index,
          `the value of ${attribute} is not quoted`,
          'Enclose attribute values in double or single quotes.',
        );
      const end = text.indexOf(quote!, index + 1);
      if (end === -1)
        fail(index, `the value of ${attribute} is never closed`, `Close it with ${quote}.`);
      const raw = text.slice(index + 1, end);
      const lt = raw.indexOf('<');
      if (lt !== -1)
        fail(index + 1 + lt, `"<" inside the value of ${attribute}`, 'Write it as &lt;.');
      if (names.has(attribute))
        fail(attributeAt, `attribute ${attribute} appears twice on <${name}>`, 'Keep one of them.');
      names.add(attribute);
      // Attribute-value normalization: literal tabs and line breaks read as spaces (XML 1.0 §3.3.3).
      element.attributes.push([attribute, decode(raw.replace(/\r\n|[\t\n\r]/g, ' '), index + 1)]);
      index = end + 1;
    }
    for (;;) {
      const lt = text.indexOf('<', index);
      if (lt === -1) fail(start, `<${name}> is never closed`, `Add </${name}>.`);
      if (lt > index) {
        const raw = text.slice(index, lt).replace(/\r\n?/g, '\n');
        if (raw.includes(']]>'))
          fail(index + raw.indexOf(']]>'), '"]]>" in text', 'Write it as ]]&gt;.');
        element.children.push(decode(raw, index));
      }
      index = lt;
      if (text.startsWith('</', index)) {
        index += 2;
        const closing = readName('a closing tag');
        if (closing !== name)
          fail(
            index - closing.length,
            `</${closing}> closes <${name}>`,
            `Close <${name}> (opened at line ${positionOf(text, start).line}) before </${closing}>.`,
          );
        skipWhitespace();
        if (text.charCodeAt(index) !== 62)
          fail(index, `the closing tag </${name} is not ended by ">"`, 'End it with >.');
        index += 1;
        return element;
      }
      if (text.startsWith('<![CDATA[', index)) {
        const end = text.indexOf(']]>', index + 9);
        if (end === -1) fail(index, 'a CDATA section is never closed', 'End it with ]]>.');
        const raw = text.slice(index + 9, end).replace(/\r\n?/g, '\n');
        checkChars(raw, index + 9);
        element.children.push(raw);
        index = end + 3;
        continue;
      }
      if (skipMisc(false)) continue;
      if (text.startsWith('<!', index))
        fail(index, 'unknown markup "<!"', 'Only comments and CDATA sections start with "<!".');
      element.children.push(parseElement());
    }
  };

  let root: XmlElement | undefined;
  for (;;) {
    skipWhitespace();
    if (index >= text.length) break;
    if (text.charCodeAt(index) !== 60 /* < */) {
      fail(
        index,
        root ? 'text after the root element' : 'text before the root element',
        'An XML document is one root element; put the text inside it.',
      );
    }
    if (skipMisc(root === undefined)) continue;
    if (root)
      fail(
        index,
        `a second root element <${text.slice(index + 1).match(/^[^\s/>]*/)?.[0] ?? ''}>`,
        'An XML document has one root element; wrap the elements in one.',
      );
    root = parseElement();
  }
  if (!root)
    fail(
      index,
      'no root element',
      'An XML document needs one root element, such as <items>...</items>.',
    );
  return { root: root!, comments, instructions };
}
