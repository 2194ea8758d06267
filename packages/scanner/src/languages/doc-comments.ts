/** What a docstring or JSDoc comment says about a function. */
export interface ParsedDoc {
  /** The whole text, cleaned (indentation and comment markers removed). */
  text: string;
  /** The first paragraph. */
  summary: string;
  /** Parameter descriptions by name. */
  params: Map<string, { description: string; type?: string }>;
  /** The `@returns {type}` of a JSDoc comment. */
  returnType?: string;
}

const MAX_DOC_LENGTH = 2000;

/** Removes common indentation like Python's `inspect.cleandoc`. */
export function cleanDocstring(raw: string): string {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  let indent = Number.POSITIVE_INFINITY;
  for (const line of lines.slice(1)) {
    const stripped = line.trimStart();
    if (stripped.length > 0) indent = Math.min(indent, line.length - stripped.length);
  }
  const cleaned = [
    lines[0]!.trim(),
    ...lines
      .slice(1)
      .map((line) => (Number.isFinite(indent) ? line.slice(indent) : line).trimEnd()),
  ];
  while (cleaned.length > 0 && cleaned[0] === '') cleaned.shift();
  while (cleaned.length > 0 && cleaned[cleaned.length - 1] === '') cleaned.pop();
  return cleaned.join('\n').slice(0, MAX_DOC_LENGTH);
}

function firstParagraph(text: string): string {
  const paragraph = text.split(/\n\s*\n/)[0] ?? '';
  return paragraph.replace(/\s*\n\s*/g, ' ').trim();
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

type ParamDocs = Map<string, { description: string; type?: string }>;

function appendTo(params: ParamDocs, name: string | undefined, text: string): void {
  const entry = name === undefined ? undefined : params.get(name);
  if (entry) entry.description = `${entry.description} ${text.trim()}`.trim();
}

/** `Args:` entries: `name (type): text`, continued on deeper-indented lines, ended by a blank or dedented line. */
function readGoogleParams(
  lines: string[],
  from: number,
  baseIndent: number,
  params: ParamDocs,
): void {
  let current: string | undefined;
  let entryIndent = -1;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || indentOf(line) <= baseIndent) break;
    const entry = /^\s*(\*{0,2}\w+)\s*(?:\(([^)]*)\))?\s*:\s*(.*)$/.exec(line);
    if (entry && (entryIndent < 0 || indentOf(line) <= entryIndent)) {
      entryIndent = indentOf(line);
      current = entry[1]!.replace(/^\*+/, '');
      params.set(current, {
        description: entry[3]!.trim(),
        ...(entry[2] ? { type: entry[2].trim() } : {}),
      });
    } else {
      appendTo(params, current, line);
    }
  }
}

/** NumPy `Parameters` entries: `name : type` at the section's indent, the text indented below. */
function readNumpyParams(
  lines: string[],
  from: number,
  baseIndent: number,
  params: ParamDocs,
): void {
  let current: string | undefined;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    if (indentOf(line) <= baseIndent) {
      if (/^\s*-{3,}\s*$/.test(lines[i + 1] ?? '')) break;
      const entry = /^\s*(\*{0,2}\w+)\s*(?::\s*(.*))?$/.exec(line);
      if (!entry) break;
      current = entry[1]!.replace(/^\*+/, '');
      params.set(current, { description: '', ...(entry[2] ? { type: entry[2].trim() } : {}) });
    } else {
      appendTo(params, current, line);
    }
  }
}

/**
 * Reads a Python docstring: Google style (`Args:` with `name (type): text`), Sphinx (`:param name:`),
 * and NumPy (`Parameters` underlined, `name : type`).
 */
export function parsePythonDocstring(raw: string): ParsedDoc {
  const text = cleanDocstring(raw);
  const params = new Map<string, { description: string; type?: string }>();
  const lines = text.split('\n');
  for (const line of lines) {
    const sphinx = /^\s*:param\s+(?:([\w.[\], ]+)\s+)?(\*{0,2}\w+)\s*:\s*(.*)$/.exec(line);
    if (sphinx)
      params.set(sphinx[2]!.replace(/^\*+/, ''), {
        description: sphinx[3]!.trim(),
        ...(sphinx[1] ? { type: sphinx[1] } : {}),
      });
  }
  const sectionStart = lines.findIndex((line) =>
    /^\s*(Args|Arguments|Parameters|Params)\s*:?\s*$/.test(line),
  );
  if (sectionStart >= 0) {
    const numpy = /^\s*-{3,}\s*$/.test(lines[sectionStart + 1] ?? '');
    const baseIndent = indentOf(lines[sectionStart]!);
    if (numpy) readNumpyParams(lines, sectionStart + 2, baseIndent, params);
    else readGoogleParams(lines, sectionStart + 1, baseIndent, params);
  }
  return { text, summary: firstParagraph(text), params };
}

/** A `{type}` at the start of a JSDoc tag's text, with nested braces (`{Promise<{a: number}>}`). */
function bracedType(text: string): { type?: string; rest: string } {
  if (!text.startsWith('{')) return { rest: text };
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}') depth -= 1;
    if (depth === 0) return { type: text.slice(1, i).trim(), rest: text.slice(i + 1).trim() };
  }
  return { rest: text };
}

/** Reads a `/** ... *\/` JSDoc comment: the description, `@param {type} name text`, `@returns {type}`. */
export function parseJsDoc(comment: string): ParsedDoc {
  const body = comment
    .replace(/^\/\*\*?/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n');
  const params = new Map<string, { description: string; type?: string }>();
  let returnType: string | undefined;
  const description: string[] = [];
  let inTags = false;
  for (const line of body.split('\n')) {
    const tag = /^\s*@(param|arg|argument|returns?)\b\s*/.exec(line);
    if (tag) {
      inTags = true;
      const { type, rest } = bracedType(line.slice(tag[0].length));
      if (tag[1]!.startsWith('return')) {
        if (type) returnType = type;
        continue;
      }
      const param = /^\[?([\w$.]+)(?:=[^\]]*)?\]?\s*(?:-\s*)?(.*)$/.exec(rest);
      if (param)
        params.set(param[1]!, { description: param[2]!.trim(), ...(type ? { type } : {}) });
      continue;
    }
    if (/^\s*@\w+/.test(line)) {
      inTags = true;
      continue;
    }
    if (!inTags) description.push(line);
  }
  const text = cleanDocstring(description.join('\n'));
  return { text, summary: firstParagraph(text), params, ...(returnType ? { returnType } : {}) };
}
