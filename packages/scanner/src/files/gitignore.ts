/** One line of a `.gitignore` file, compiled. */
export interface IgnoreRule {
  /** The directory (relative to the repository root, `''` for the root) the rule's file sits in. */
  base: string;
  regex: RegExp;
  negate: boolean;
  directoryOnly: boolean;
  /** The line as written, for explanations. */
  source: string;
}

function escapeRegExp(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}

/** Translates the glob part of a gitignore pattern into a regular expression body. */
function globToRegex(glob: string): string {
  let regex = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const next = glob[i + 2];
        if (atStart && next === '/') {
          regex += '(?:.*/)?';
          i += 2;
          continue;
        }
        if (atStart && next === undefined) {
          regex += '.*';
          i += 1;
          continue;
        }
        regex += '[^/]*';
        i += 1;
        continue;
      }
      regex += '[^/]*';
    } else if (char === '?') {
      regex += '[^/]';
    } else if (char === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        regex += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      regex += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else if (char === '\\' && i + 1 < glob.length) {
      regex += escapeRegExp(glob[i + 1]!);
      i += 1;
    } else {
      regex += escapeRegExp(char);
    }
  }
  return regex;
}

/** Compiles the lines of a `.gitignore` (or `.git/info/exclude`) found in directory `base`. */
export function parseGitignore(text: string, base: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
      line = line.slice(1);
    }
    let directoryOnly = false;
    if (line.endsWith('/')) {
      directoryOnly = true;
      line = line.replace(/\/+$/, '');
    }
    if (line === '') continue;
    const anchored = line.includes('/');
    const glob = line.replace(/^\//, '');
    const body = globToRegex(glob);
    const regex = new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`);
    rules.push({ base, regex, negate, directoryOnly, source: rawLine.trim() });
  }
  return rules;
}

/**
 * Whether `path` (relative to the repository root, `/`-separated) is ignored by `rules`, git's way:
 * the last matching rule wins, a `!` rule re-includes, a rule ending in `/` matches directories only,
 * and each rule applies to paths under the directory of its file.
 */
export function isIgnored(
  rules: readonly IgnoreRule[],
  path: string,
  isDirectory: boolean,
): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.directoryOnly && !isDirectory) continue;
    let relative = path;
    if (rule.base !== '') {
      if (!path.startsWith(`${rule.base}/`)) continue;
      relative = path.slice(rule.base.length + 1);
    }
    if (rule.regex.test(relative)) ignored = !rule.negate;
  }
  return ignored;
}
