import { isRecord, listNames, setField, type Notes } from './notes';
import { isXmlName, parseXml, type XmlElement } from './xml-parser';

/** Field-name prefix of XML attributes in the data model (`{"@id": "1"}` is `id="1"`). */
const ATTRIBUTE_PREFIX = '@';
/** Field name of an element's text when it also has attributes or child elements. */
const TEXT_FIELD = '#text';
/** Root element written for a value that has no single top-level field to name it. */
const DEFAULT_ROOT = 'root';
/** Element written for each item of a list that has no field name of its own. */
const DEFAULT_ITEM = 'item';

/**
 * XML text as data: `{root: value}`, where an element with only text is a string, and any other
 * element an object of `@attribute` fields, child elements by name (repeated ones as a list) and
 * `#text` for text beside child elements. Notes what the model does not keep: comments,
 * processing instructions, the order of differently named siblings, text interleaved with elements.
 */
export function xmlToData(text: string, notes: Notes): Record<string, unknown> {
  const document = parseXml(text);
  if (document.comments > 0) notes.add(`XML comments were dropped (${document.comments})`);
  if (document.instructions > 0)
    notes.add(`XML processing instructions were dropped (${document.instructions})`);
  const reordered = new Set<string>();
  const mixed = new Set<string>();

  const convert = (element: XmlElement): unknown => {
    const elements: XmlElement[] = [];
    let textContent = '';
    let sawText = false;
    for (const child of element.children) {
      if (typeof child === 'string') {
        textContent += child;
        sawText = true;
      } else {
        elements.push(child);
      }
    }
    if (element.attributes.length === 0 && elements.length === 0) return sawText ? textContent : '';
    const value: Record<string, unknown> = {};
    for (const [name, attribute] of element.attributes)
      setField(value, `${ATTRIBUTE_PREFIX}${name}`, attribute);
    let previous: string | undefined;
    const closed = new Set<string>();
    for (const child of elements) {
      if (child.name !== previous) {
        if (previous !== undefined) closed.add(previous);
        if (closed.has(child.name)) reordered.add(element.name);
        previous = child.name;
      }
      const converted = convert(child);
      const existing = Object.hasOwn(value, child.name) ? value[child.name] : undefined;
      if (existing === undefined) setField(value, child.name, converted);
      // `convert` never returns a list, so a list here is the one made for repeated elements.
      else if (Array.isArray(existing)) existing.push(converted);
      else setField(value, child.name, [existing, converted]);
    }
    const trimmed = textContent.trim();
    if (trimmed !== '') {
      if (elements.length > 0) mixed.add(element.name);
      setField(value, TEXT_FIELD, elements.length > 0 ? trimmed : textContent);
    }
    return value;
  };

  const data: Record<string, unknown> = {};
  setField(data, document.root.name, convert(document.root));
  if (reordered.size > 0) {
    notes.add(
      `the order of differently named XML elements was lost; repeated ones were grouped in lists (inside ${listNames(reordered)})`,
    );
  }
  if (mixed.size > 0) {
    notes.add(
      `text mixed between XML elements was joined into "#text"; where it stood among the elements is lost (${listNames(mixed)})`,
    );
  }
  return data;
}

function escapeText(value: string): string {
  return value.replace(/[&<>]/g, (char) =>
    char === '&' ? '&amp;' : char === '<' ? '&lt;' : '&gt;',
  );
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<"\t\n\r]/g, (char) => {
    switch (char) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '"':
        return '&quot;';
      default:
        return `&#${char.charCodeAt(0)};`;
    }
  });
}

/**
 * Data as XML text, the inverse of {@link xmlToData}: an object with one field names the root,
 * anything else is wrapped in `<root>`; `@field`s become attributes, `#text` the element's text,
 * lists repeated elements (`<item>` inside a list of lists). Notes what XML cannot say: types
 * (every value becomes text), null versus empty, empty lists, field names that are not XML names,
 * characters XML 1.0 forbids.
 */
export function dataToXml(data: unknown, notes: Notes): string {
  const renamed = new Map<string, string>();
  const typed = new Set<string>();
  const nulls = new Set<string>();
  const emptyLists = new Set<string>();
  const singleItemLists = new Set<string>();
  const badAttributes = new Set<string>();
  let replacedChars = false;

  const clean = (value: string): string => {
    // XML 1.0 cannot carry most control characters, even escaped.
    let cleaned: string | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const code = value.charCodeAt(i);
      const forbidden =
        (code < 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd) ||
        code === 0xfffe ||
        code === 0xffff;
      if (forbidden) cleaned = `${cleaned ?? value.slice(0, i)}\uFFFD`;
      else if (cleaned !== undefined) cleaned += value[i];
    }
    if (cleaned === undefined) return value;
    replacedChars = true;
    return cleaned;
  };
  const xmlName = (name: string): string => {
    if (isXmlName(name)) return name;
    let fixed = name.replace(/[^A-Za-z0-9_.\-\u00B7\u00C0-\uFFFD]/g, '_');
    if (!/^[A-Za-z_\u00C0-\uFFFD]/.test(fixed)) fixed = `_${fixed}`;
    renamed.set(name, fixed);
    return fixed;
  };
  const scalarText = (name: string, value: unknown): string => {
    if (typeof value === 'string') return clean(value);
    if (value === null || value === undefined) {
      nulls.add(name);
      return '';
    }
    typed.add(name);
    return clean(typeof value === 'object' ? JSON.stringify(value) : String(value));
  };

  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const write = (name: string, value: unknown, depth: number) => {
    const tag = xmlName(name);
    const pad = '  '.repeat(depth);
    if (Array.isArray(value)) {
      if (value.length === 0) emptyLists.add(name);
      if (value.length === 1) singleItemLists.add(name);
      for (const item of value) {
        if (Array.isArray(item)) {
          lines.push(`${pad}<${tag}>`);
          for (const inner of item) write(DEFAULT_ITEM, inner, depth + 1);
          lines.push(`${pad}</${tag}>`);
        } else {
          write(name, item, depth);
        }
      }
      return;
    }
    if (!isRecord(value)) {
      if (value === null || value === undefined) {
        scalarText(name, value);
        lines.push(`${pad}<${tag}/>`);
      } else {
        lines.push(`${pad}<${tag}>${escapeText(scalarText(name, value))}</${tag}>`);
      }
      return;
    }
    let attributes = '';
    let text: string | undefined;
    const children: [string, unknown][] = [];
    for (const key of Object.keys(value)) {
      const field = value[key];
      if (field === undefined) continue;
      if (key.startsWith(ATTRIBUTE_PREFIX) && key.length > 1) {
        if (isRecord(field) || Array.isArray(field)) {
          badAttributes.add(key);
          children.push([key.slice(1), field]);
          continue;
        }
        attributes += ` ${xmlName(key.slice(1))}="${escapeAttribute(scalarText(key, field))}"`;
      } else if (key === TEXT_FIELD) {
        text = escapeText(scalarText(key, field));
      } else {
        children.push([key, field]);
      }
    }
    if (children.length === 0) {
      lines.push(
        text === undefined || text === ''
          ? `${pad}<${tag}${attributes}/>`
          : `${pad}<${tag}${attributes}>${text}</${tag}>`,
      );
      return;
    }
    lines.push(`${pad}<${tag}${attributes}>${text === undefined ? '' : text}`);
    for (const [key, field] of children) write(key, field, depth + 1);
    lines.push(`${pad}</${tag}>`);
  };

  const keys = isRecord(data) ? Object.keys(data) : [];
  if (
    keys.length === 1 &&
    !keys[0]!.startsWith(ATTRIBUTE_PREFIX) &&
    keys[0] !== TEXT_FIELD &&
    !Array.isArray(data && (data as Record<string, unknown>)[keys[0]!])
  ) {
    write(keys[0]!, (data as Record<string, unknown>)[keys[0]!], 0);
  } else if (Array.isArray(data)) {
    notes.add(
      `a list has no element name in XML; it was written as <${DEFAULT_ROOT}> holding <${DEFAULT_ITEM}> elements`,
    );
    lines.push(`<${DEFAULT_ROOT}>`);
    for (const item of data) write(DEFAULT_ITEM, item, 1);
    lines.push(`</${DEFAULT_ROOT}>`);
  } else {
    if (!isRecord(data)) notes.add(`a single value was wrapped in a <${DEFAULT_ROOT}> element`);
    else
      notes.add(
        `the fields were wrapped in a <${DEFAULT_ROOT}> element, which XML needs as the single root`,
      );
    write(DEFAULT_ROOT, data, 0);
  }

  if (typed.size > 0)
    notes.add(`numbers and booleans became XML text, their types are lost (${listNames(typed)})`);
  if (nulls.size > 0)
    notes.add(`nulls became empty XML elements, so null and "" look alike (${listNames(nulls)})`);
  if (emptyLists.size > 0)
    notes.add(`empty lists have no XML form and were left out (${listNames(emptyLists)})`);
  if (singleItemLists.size > 0) {
    notes.add(
      `a list of one item is one XML element and reads back as a single value, not a list (${listNames(singleItemLists)})`,
    );
  }
  if (renamed.size > 0) {
    notes.add(
      `field names that are not XML names were changed (${listNames([...renamed].map(([from, to]) => `"${from}" to <${to}>`))})`,
    );
  }
  if (badAttributes.size > 0) {
    notes.add(
      `"@" fields holding objects or lists cannot be XML attributes and were written as elements (${listNames(badAttributes)})`,
    );
  }
  if (replacedChars) notes.add('control characters XML 1.0 cannot carry were replaced by U+FFFD');
  return `${lines.join('\n')}\n`;
}
