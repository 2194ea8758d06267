/** A TOML value: dates and times are kept as the strings written. */
export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;

/** A TOML table. */
export interface TomlTable {
  [key: string]: TomlValue;
}

/** A TOML syntax error, with the 1-based line it is on. */
export class TomlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'TomlSyntaxError';
  }
}

const BARE_KEY = /[A-Za-z0-9_-]/;

/** Sets a key as an own property, so a key such as `__proto__` stays plain data. */
function setKey(table: TomlTable, key: string, value: TomlValue): void {
  Object.defineProperty(table, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
const ESCAPES: Record<string, string> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  '"': '"',
  '\\': '\\',
  e: '\x1b',
};

/** `value` when it is a table (not a scalar or an array), else undefined. */
export function tomlTable(value: TomlValue | undefined): TomlTable | undefined {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value)
    ? value
    : undefined;
}

/**
 * Parses TOML 1.0 (pyproject.toml, Cargo.toml, Pipfile): tables, arrays of tables, dotted and quoted
 * keys, basic/literal/multi-line strings, numbers, booleans, dates (kept as strings), arrays and
 * inline tables. Throws {@link TomlSyntaxError} with the line on malformed input.
 */
export function parseToml(text: string): TomlTable {
  const parser = new TomlParser(text.replace(/\r\n/g, '\n'));
  return parser.parseDocument();
}

class TomlParser {
  private index = 0;
  private readonly root: TomlTable = {};

  constructor(private readonly text: string) {}

  parseDocument(): TomlTable {
    let table = this.root;
    while (this.skipBlankLines()) {
      const char = this.text[this.index];
      if (char === '[') {
        const arrayOfTables = this.text[this.index + 1] === '[';
        this.index += arrayOfTables ? 2 : 1;
        this.skipSpaces();
        const path = this.parseKey();
        this.skipSpaces();
        this.expect(arrayOfTables ? ']]' : ']');
        table = arrayOfTables ? this.appendTable(path) : this.openTable(path);
      } else {
        const path = this.parseKey();
        this.skipSpaces();
        this.expect('=');
        this.skipSpaces();
        const value = this.parseValue();
        this.assign(table, path, value);
      }
      this.endOfLine();
    }
    return this.root;
  }

  private line(): number {
    return this.text.slice(0, this.index).split('\n').length;
  }

  private fail(message: string): never {
    throw new TomlSyntaxError(message, this.line());
  }

  private expect(token: string): void {
    if (!this.text.startsWith(token, this.index)) this.fail(`expected "${token}"`);
    this.index += token.length;
  }

  private skipSpaces(): void {
    while (this.text[this.index] === ' ' || this.text[this.index] === '\t') this.index += 1;
  }

  private skipComment(): void {
    if (this.text[this.index] === '#')
      while (this.index < this.text.length && this.text[this.index] !== '\n') this.index += 1;
  }

  /** Skips blank and comment lines; false at the end of the text. */
  private skipBlankLines(): boolean {
    for (;;) {
      this.skipSpaces();
      this.skipComment();
      if (this.text[this.index] === '\n') {
        this.index += 1;
        continue;
      }
      return this.index < this.text.length;
    }
  }

  /** Skips whitespace, newlines and comments inside arrays. */
  private skipInsideArray(): void {
    for (;;) {
      this.skipSpaces();
      this.skipComment();
      if (this.text[this.index] === '\n') this.index += 1;
      else return;
    }
  }

  private endOfLine(): void {
    this.skipSpaces();
    this.skipComment();
    if (this.index < this.text.length && this.text[this.index] !== '\n')
      this.fail('unexpected text after a value');
  }

  private parseKey(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      const char = this.text[this.index];
      if (char === '"') parts.push(this.parseBasicString());
      else if (char === "'") parts.push(this.parseLiteralString());
      else {
        const start = this.index;
        while (this.index < this.text.length && BARE_KEY.test(this.text[this.index]!))
          this.index += 1;
        if (start === this.index) this.fail('expected a key');
        parts.push(this.text.slice(start, this.index));
      }
      this.skipSpaces();
      if (this.text[this.index] !== '.') return parts;
      this.index += 1;
    }
  }

  private parseValue(): TomlValue {
    const char = this.text[this.index];
    if (this.text.startsWith('"""', this.index)) return this.parseMultilineBasic();
    if (this.text.startsWith("'''", this.index)) return this.parseMultilineLiteral();
    if (char === '"') return this.parseBasicString();
    if (char === "'") return this.parseLiteralString();
    if (char === '[') return this.parseArray();
    if (char === '{') return this.parseInlineTable();
    if (this.text.startsWith('true', this.index)) {
      this.index += 4;
      return true;
    }
    if (this.text.startsWith('false', this.index)) {
      this.index += 5;
      return false;
    }
    return this.parseScalar();
  }

  private parseScalar(): TomlValue {
    const match = /^[^\s,\]}#]+(?: [0-9:.+\-Z]+)?/.exec(
      this.text.slice(this.index, this.index + 80),
    );
    if (!match) this.fail('expected a value');
    const raw = match[0];
    this.index += raw.length;
    if (/^\d{4}-\d{2}-\d{2}|^\d{2}:\d{2}/.test(raw)) return raw;
    const cleaned = raw.replace(/_/g, '');
    if (/^[+-]?(inf|nan)$/.test(cleaned))
      return cleaned.includes('nan') ? Number.NaN : cleaned.startsWith('-') ? -Infinity : Infinity;
    if (/^0x[0-9a-fA-F]+$/.test(cleaned)) return Number.parseInt(cleaned.slice(2), 16);
    if (/^0o[0-7]+$/.test(cleaned)) return Number.parseInt(cleaned.slice(2), 8);
    if (/^0b[01]+$/.test(cleaned)) return Number.parseInt(cleaned.slice(2), 2);
    if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(cleaned)) return Number(cleaned);
    return this.fail(`unknown value "${raw}"`);
  }

  private parseBasicString(): string {
    this.index += 1;
    let value = '';
    for (;;) {
      const char = this.text[this.index];
      if (char === undefined || char === '\n') this.fail('unterminated string');
      this.index += 1;
      if (char === '"') return value;
      value += char === '\\' ? this.parseEscape() : char;
    }
  }

  private parseEscape(): string {
    const char = this.text[this.index]!;
    this.index += 1;
    if (ESCAPES[char] !== undefined) return ESCAPES[char]!;
    if (char === 'u' || char === 'U') {
      const length = char === 'u' ? 4 : 8;
      const hex = this.text.slice(this.index, this.index + length);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) this.fail('bad unicode escape');
      this.index += length;
      return String.fromCodePoint(Number.parseInt(hex, 16));
    }
    return this.fail(`bad escape "\\${char}"`);
  }

  private parseLiteralString(): string {
    const end = this.text.indexOf("'", this.index + 1);
    const newline = this.text.indexOf('\n', this.index + 1);
    if (end < 0 || (newline >= 0 && newline < end)) this.fail('unterminated string');
    const value = this.text.slice(this.index + 1, end);
    this.index = end + 1;
    return value;
  }

  private parseMultilineBasic(): string {
    this.index += 3;
    if (this.text[this.index] === '\n') this.index += 1;
    let value = '';
    for (;;) {
      if (this.index >= this.text.length) this.fail('unterminated string');
      if (this.text.startsWith('"""', this.index) && !this.text.startsWith('""""', this.index)) {
        this.index += 3;
        return value;
      }
      const char = this.text[this.index]!;
      this.index += 1;
      if (char !== '\\') {
        value += char;
        continue;
      }
      if (/^[ \t]*\n/.test(this.text.slice(this.index, this.index + 200))) {
        while (/\s/.test(this.text[this.index] ?? '')) this.index += 1;
        continue;
      }
      value += this.parseEscape();
    }
  }

  private parseMultilineLiteral(): string {
    let start = this.index + 3;
    if (this.text[start] === '\n') start += 1;
    const end = this.text.indexOf("'''", start);
    if (end < 0) this.fail('unterminated string');
    this.index = end + 3;
    return this.text.slice(start, end);
  }

  private parseArray(): TomlValue[] {
    this.index += 1;
    const items: TomlValue[] = [];
    for (;;) {
      this.skipInsideArray();
      if (this.text[this.index] === ']') {
        this.index += 1;
        return items;
      }
      items.push(this.parseValue());
      this.skipInsideArray();
      if (this.text[this.index] === ',') this.index += 1;
      else if (this.text[this.index] !== ']') this.fail('expected "," or "]" in an array');
    }
  }

  private parseInlineTable(): TomlTable {
    this.index += 1;
    const table: TomlTable = {};
    this.skipSpaces();
    if (this.text[this.index] === '}') {
      this.index += 1;
      return table;
    }
    for (;;) {
      const path = this.parseKey();
      this.skipSpaces();
      this.expect('=');
      this.skipSpaces();
      this.assign(table, path, this.parseValue());
      this.skipSpaces();
      if (this.text[this.index] === ',') {
        this.index += 1;
        continue;
      }
      this.expect('}');
      return table;
    }
  }

  private descend(table: TomlTable, key: string): TomlTable {
    const existing = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
    if (existing === undefined) {
      const created: TomlTable = {};
      setKey(table, key, created);
      return created;
    }
    if (Array.isArray(existing)) {
      const last = existing[existing.length - 1];
      if (last && typeof last === 'object' && !Array.isArray(last)) return last;
    } else if (typeof existing === 'object') {
      return existing;
    }
    return this.fail(`key "${key}" is already a value`);
  }

  private assign(table: TomlTable, path: string[], value: TomlValue): void {
    let target = table;
    for (const key of path.slice(0, -1)) target = this.descend(target, key);
    const last = path[path.length - 1]!;
    if (Object.prototype.hasOwnProperty.call(target, last))
      this.fail(`key "${path.join('.')}" is defined twice`);
    setKey(target, last, value);
  }

  private openTable(path: string[]): TomlTable {
    let target = this.root;
    for (const key of path) target = this.descend(target, key);
    return target;
  }

  private appendTable(path: string[]): TomlTable {
    let target = this.root;
    for (const key of path.slice(0, -1)) target = this.descend(target, key);
    const last = path[path.length - 1]!;
    const existing = Object.prototype.hasOwnProperty.call(target, last) ? target[last] : undefined;
    const created: TomlTable = {};
    if (existing === undefined) setKey(target, last, [created]);
    else if (Array.isArray(existing)) existing.push(created);
    else this.fail(`"${path.join('.')}" is not an array of tables`);
    return created;
  }
}
