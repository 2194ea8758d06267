/**
 * Parses inline data written in a request: JSON, and the Python-ish dicts people paste
 * (`{'review': 'Amazing software!', 'rating': 5}`, `True`/`False`/`None`, trailing commas, bare
 * keys). Returns undefined when the text is not one complete value.
 */
export function parseInlineData(source: string): unknown {
  const trimmed = source.trim();
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    // Not strict JSON; try the lenient reader below.
  }
  const parser = new LenientParser(trimmed);
  try {
    const value = parser.value();
    parser.skipSpace();
    return parser.atEnd() ? value : undefined;
  } catch {
    return undefined;
  }
}

const KEYWORDS: Readonly<Record<string, unknown>> = {
  true: true,
  false: false,
  null: null,
  True: true,
  False: false,
  None: null,
};

class LenientParser {
  private position = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.position]!)) this.position += 1;
  }

  private fail(): never {
    throw new Error(`unexpected input at ${this.position}`);
  }

  value(): unknown {
    this.skipSpace();
    const char = this.text[this.position];
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"' || char === "'") return this.string();
    if (char !== undefined && /[-+\d.]/.test(char)) return this.number();
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.position))?.[0];
    if (word !== undefined && Object.hasOwn(KEYWORDS, word)) {
      this.position += word.length;
      return KEYWORDS[word];
    }
    return this.fail();
  }

  private object(): Record<string, unknown> {
    this.position += 1;
    const result: Record<string, unknown> = {};
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === '}') {
        this.position += 1;
        return result;
      }
      const key = this.key();
      this.skipSpace();
      if (this.text[this.position] !== ':') this.fail();
      this.position += 1;
      result[key] = this.value();
      this.skipSpace();
      const next = this.text[this.position];
      if (next === ',') this.position += 1;
      else if (next !== '}') this.fail();
    }
  }

  private key(): string {
    const char = this.text[this.position];
    if (char === '"' || char === "'") return this.string();
    const word = /^[A-Za-z_$][\w$-]*/.exec(this.text.slice(this.position))?.[0];
    if (word === undefined) return this.fail();
    this.position += word.length;
    return word;
  }

  private array(): unknown[] {
    this.position += 1;
    const result: unknown[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === ']') {
        this.position += 1;
        return result;
      }
      result.push(this.value());
      this.skipSpace();
      const next = this.text[this.position];
      if (next === ',') this.position += 1;
      else if (next !== ']') this.fail();
    }
  }

  private string(): string {
    const quote = this.text[this.position]!;
    this.position += 1;
    let result = '';
    while (!this.atEnd()) {
      const char = this.text[this.position]!;
      if (char === quote) {
        this.position += 1;
        return result;
      }
      if (char === '\\') {
        const escaped = this.text[this.position + 1];
        const map: Record<string, string> = {
          n: '\n',
          t: '\t',
          r: '\r',
          '\\': '\\',
          "'": "'",
          '"': '"',
          '/': '/',
        };
        result +=
          escaped !== undefined && map[escaped] !== undefined ? map[escaped] : (escaped ?? '');
        this.position += 2;
        continue;
      }
      result += char;
      this.position += 1;
    }
    return this.fail();
  }

  private number(): number {
    const match = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(this.text.slice(this.position));
    if (!match) return this.fail();
    this.position += match[0].length;
    const value = Number(match[0]);
    return Number.isFinite(value) ? value : this.fail();
  }
}
