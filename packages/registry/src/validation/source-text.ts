/** Languages the static checks read. */
export type SourceLanguage = 'python' | 'javascript' | 'shell';

/**
 * A source file with comments removed and every string literal replaced by a placeholder
 * `S<n>`, so patterns never match inside comments or strings, while rules can still read a
 * literal argument (a path, a URL) through `strings[n]`.
 */
export interface MaskedSource {
  readonly language: SourceLanguage;
  /** The code with comments blanked and string literals as `S<n>`, line breaks kept. */
  readonly masked: string;
  /** The contents of the string literals, by placeholder number. */
  readonly strings: readonly string[];
  /** 1-based line and column of an offset in `masked`. */
  position(offset: number): { line: number; column: number };
  /** The original text of a 1-based line (trimmed, at most 160 characters). */
  lineText(line: number): string;
}

/** The language of a file by its name and first line, or undefined when the checks do not read it. */
export function languageOf(path: string, firstLine: string): SourceLanguage | undefined {
  if (/\.pyw?$/.test(path)) return 'python';
  if (/\.(m|c)?[jt]sx?$/.test(path) && !path.endsWith('.d.ts')) return 'javascript';
  if (/\.(sh|bash)$/.test(path)) return 'shell';
  if (firstLine.startsWith('#!')) {
    if (/python/.test(firstLine)) return 'python';
    if (/\bnode\b/.test(firstLine)) return 'javascript';
    if (/\b(ba|z|da)?sh\b/.test(firstLine)) return 'shell';
  }
  return undefined;
}

/** Masks `text` of `language` (see {@link MaskedSource}). */
export function maskSource(text: string, language: SourceLanguage): MaskedSource {
  const out: string[] = [];
  const strings: string[] = [];
  const length = text.length;
  let index = 0;
  const blank = (segment: string) => segment.replace(/[^\n]/g, ' ');
  // Keep the same length so offsets in `masked` map back to lines of the original.
  const placeholder = (raw: string, content: string) => {
    const token = `S${strings.length}`;
    strings.push(content);
    const pad = Math.max(0, raw.length - token.length);
    const newlines = raw.split('\n').length - 1;
    out.push(token + ' '.repeat(Math.max(0, pad - newlines)) + '\n'.repeat(newlines));
  };
  while (index < length) {
    const char = text[index]!;
    const next = text[index + 1];
    if (language === 'python' || language === 'shell') {
      if (char === '#' && !(language === 'shell' && index > 0 && /[\w$]/.test(text[index - 1]!))) {
        const end = text.indexOf('\n', index);
        const stop = end === -1 ? length : end;
        out.push(blank(text.slice(index, stop)));
        index = stop;
        continue;
      }
      if (language === 'python') {
        const prefix = /^[rRbBuUfF]{0,2}/.exec(text.slice(index, index + 2))?.[0] ?? '';
        const quoteAt = index + prefix.length;
        const quote = text[quoteAt];
        if (
          (quote === '"' || quote === "'") &&
          (prefix.length === 0 || !/[\w]/.test(text[index - 1] ?? ''))
        ) {
          const triple = text.startsWith(quote.repeat(3), quoteAt);
          const delimiter = triple ? quote.repeat(3) : quote;
          let cursor = quoteAt + delimiter.length;
          while (cursor < length && !text.startsWith(delimiter, cursor)) {
            if (text[cursor] === '\\' && !/r/i.test(prefix)) cursor += 1;
            else if (!triple && text[cursor] === '\n') break;
            cursor += 1;
          }
          const end = Math.min(length, cursor + delimiter.length);
          placeholder(text.slice(index, end), text.slice(quoteAt + delimiter.length, cursor));
          index = end;
          continue;
        }
      } else if (char === '"' || char === "'") {
        let cursor = index + 1;
        while (cursor < length && text[cursor] !== char) {
          if (text[cursor] === '\\' && char === '"') cursor += 1;
          cursor += 1;
        }
        const end = Math.min(length, cursor + 1);
        placeholder(text.slice(index, end), text.slice(index + 1, cursor));
        index = end;
        continue;
      }
    } else {
      if (char === '/' && next === '/') {
        const end = text.indexOf('\n', index);
        const stop = end === -1 ? length : end;
        out.push(blank(text.slice(index, stop)));
        index = stop;
        continue;
      }
      if (char === '/' && next === '*') {
        const end = text.indexOf('*/', index + 2);
        const stop = end === -1 ? length : end + 2;
        out.push(blank(text.slice(index, stop)));
        index = stop;
        continue;
      }
      if (char === '"' || char === "'" || char === '`') {
        let cursor = index + 1;
        while (cursor < length && text[cursor] !== char) {
          if (text[cursor] === '\\') cursor += 1;
          else if (char !== '`' && text[cursor] === '\n') break;
          cursor += 1;
        }
        const end = Math.min(length, cursor + 1);
        const content = text.slice(index + 1, cursor);
        // A template with ${...} is not a literal: keep a marker that rules can tell apart.
        placeholder(
          text.slice(index, end),
          char === '`' && content.includes('${') ? `\u0000template:${content}` : content,
        );
        index = end;
        continue;
      }
    }
    out.push(char);
    index += 1;
  }
  const masked = out.join('');
  const lineStarts = [0];
  for (let offset = 0; offset < masked.length; offset += 1)
    if (masked[offset] === '\n') lineStarts.push(offset + 1);
  const originalLines = text.split('\n');
  return {
    language,
    masked,
    strings,
    position(offset) {
      let low = 0;
      let high = lineStarts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (lineStarts[middle]! <= offset) low = middle;
        else high = middle - 1;
      }
      return { line: low + 1, column: offset - lineStarts[low]! + 1 };
    },
    lineText(line) {
      return (originalLines[line - 1] ?? '').trim().slice(0, 160);
    },
  };
}

/** The literal behind a placeholder token (`S3`), or undefined when the token is not a plain literal. */
export function literalAt(source: MaskedSource, token: string | undefined): string | undefined {
  const match = token ? /^S(\d+)$/.exec(token.trim()) : null;
  if (!match) return undefined;
  const value = source.strings[Number(match[1])];
  return value === undefined || value.startsWith('\u0000template:') ? undefined : value;
}
