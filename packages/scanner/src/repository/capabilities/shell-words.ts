/** Splits a command line into words the way a POSIX shell would for simple cases (quotes, backslashes); stops at `|`, `&&`, `;`, `>`. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && i + 1 < line.length) current += line[++i];
      else current += char;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      started = true;
      continue;
    }
    if (char === '\\' && i + 1 < line.length) {
      current += line[++i];
      started = true;
      continue;
    }
    if (/\s/.test(char)) {
      if (started) words.push(current);
      current = '';
      started = false;
      continue;
    }
    if (
      (char === '|' ||
        char === ';' ||
        char === '>' ||
        char === '<' ||
        (char === '&' && line[i + 1] === '&')) &&
      !started
    )
      break;
    if (char === '#' && !started) break;
    current += char;
    started = true;
  }
  if (started) words.push(current);
  return words;
}
