/** One variable declared in a `.env.example`-style file. */
export interface EnvExampleEntry {
  name: string;
  /** The value written, unless it is a placeholder (`your-key-here`, `<token>`, `changeme`, `xxx`). */
  value?: string;
  /** The comment above the line or after the value. */
  description?: string;
  line: number;
}

/** Names of files that document environment variables. */
export const ENV_EXAMPLE_FILES =
  /^(\.env\.(example|sample|template|dist|defaults|local\.example)|(example|sample|template)\.env|env\.(example|sample|template)|\.env\.example\.\w+)$/i;

const PLACEHOLDER =
  /^(|your[-_ ].*|.*<[^>]*>.*|changeme|change[-_]me|xxx+|\*+|\.\.\.|todo|replace[-_ ]?me|sk-\.\.\.|sk-x+|none|null|secret|placeholder|insert.*)$/i;

/** Reads `KEY=value` lines (with `export`, quotes, inline and preceding `#` comments) of an env example file. */
export function parseEnvExample(text: string): EnvExampleEntry[] {
  const entries: EnvExampleEntry[] = [];
  let comment: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') {
      comment = [];
      return;
    }
    if (line.startsWith('#')) {
      const text = line.replace(/^#+\s*/, '');
      if (!/^[A-Z_][A-Z0-9_]*\s*=/.test(text)) comment.push(text);
      return;
    }
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      comment = [];
      return;
    }
    let value = match[2]!;
    let inline: string | undefined;
    const quoted = /^(['"])(.*?)\1\s*(?:#\s*(.*))?$/.exec(value);
    if (quoted) {
      value = quoted[2]!;
      inline = quoted[3];
    } else {
      const hash = value.search(/(^|\s)#/);
      if (hash >= 0) {
        inline = value.slice(hash).replace(/^\s*#\s*/, '');
        value = value.slice(0, hash).trim();
      }
    }
    const description = inline?.trim() || comment.join(' ').trim() || undefined;
    entries.push({
      name: match[1]!,
      ...(PLACEHOLDER.test(value.trim()) ? {} : { value }),
      ...(description ? { description } : {}),
      line: index + 1,
    });
    comment = [];
  });
  return entries;
}
