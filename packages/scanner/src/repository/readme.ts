import type { ReadmeFacts } from '../profile/repository-profile';

const SHELL_FENCES = new Set([
  '',
  'sh',
  'bash',
  'shell',
  'console',
  'zsh',
  'terminal',
  'shell-session',
  'shellsession',
  'cmd',
  'bat',
  'powershell',
  'ps1',
  'text',
]);
const PROMPT = /^(\$|%|>|#\s*\$|PS>|C:\\[^>]*>)\s+/;
const MAX_COMMANDS = 100;

/** The README of a repository: its root `README.md` (else `.rst`, `.txt`, or bare `README`). */
export function pickReadme(paths: readonly string[]): string | undefined {
  const candidates = paths.filter((path) => /^readme(\.(md|markdown|rst|txt))?$/i.test(path));
  const rank = (path: string): number =>
    /\.(md|markdown)$/i.test(path) ? 0 : /\.rst$/i.test(path) ? 1 : 2;
  return candidates.sort((a, b) => rank(a) - rank(b))[0];
}

/**
 * Reads a README: the title (first heading), a summary (first prose paragraph, badges and HTML
 * skipped), and the command lines of its shell code blocks (fenced Markdown blocks and reST
 * `code-block:: bash`), with prompts removed and `\` continuations joined.
 */
export function readReadme(text: string, path: string): ReadmeFacts {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let title: string | undefined;
  let summary: string | undefined;
  const commands: ReadmeFacts['commands'] = [];
  const paragraph: string[] = [];
  let fence:
    | { marker: string; shell: boolean; console: boolean; lines: { text: string; line: number }[] }
    | undefined;
  const flushParagraph = (): void => {
    const text = paragraph.join(' ').trim();
    paragraph.length = 0;
    // A lead-in such as "Usage:" or "Install it with:" introduces a block; it says nothing about the project.
    const leadIn = text.endsWith(':') && text.split(/\s+/).length <= 6;
    if (!summary && text && !leadIn && !/^(\[!\[|!\[|<|\||---)/.test(text))
      summary = text.replace(/\s+/g, ' ').slice(0, 500);
  };
  const takeCommands = (block: {
    console: boolean;
    lines: { text: string; line: number }[];
  }): void => {
    const hasPrompt = block.lines.some((entry) => PROMPT.test(entry.text));
    let pending: { text: string; line: number } | undefined;
    for (const entry of block.lines) {
      let text = entry.text.trim();
      if (pending) {
        pending.text = `${pending.text} ${text.replace(/\\$/, '').trim()}`;
        if (!text.endsWith('\\')) {
          commands.push({ command: pending.text.trim(), line: pending.line });
          pending = undefined;
        }
        continue;
      }
      if ((block.console || hasPrompt) && !PROMPT.test(text)) continue;
      text = text.replace(PROMPT, '');
      if (text === '' || text.startsWith('#') || text.startsWith('//')) continue;
      if (text.endsWith('\\')) {
        pending = { text: text.replace(/\\$/, '').trim(), line: entry.line };
        continue;
      }
      if (commands.length < MAX_COMMANDS) commands.push({ command: text, line: entry.line });
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fenceMatch = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/.exec(line);
    if (fence) {
      if (fenceMatch && line.trim().startsWith(fence.marker)) {
        if (fence.shell) takeCommands(fence);
        fence = undefined;
      } else {
        fence.lines.push({ text: line, line: i + 1 });
      }
      continue;
    }
    if (fenceMatch) {
      flushParagraph();
      const language = fenceMatch[2]!.toLowerCase();
      fence = {
        marker: fenceMatch[1]!,
        shell: SHELL_FENCES.has(language),
        console: language === 'console' || language === 'shell-session',
        lines: [],
      };
      continue;
    }
    const rstBlock = /^\s*\.\.\s+(code-block|code|sourcecode)::\s*(bash|sh|shell|console)\s*$/.exec(
      line,
    );
    if (rstBlock) {
      flushParagraph();
      const block = {
        console: rstBlock[2] === 'console',
        lines: [] as { text: string; line: number }[],
      };
      let j = i + 1;
      while (j < lines.length && (lines[j]!.trim() === '' || /^\s+/.test(lines[j]!))) {
        if (lines[j]!.trim() !== '') block.lines.push({ text: lines[j]!, line: j + 1 });
        j += 1;
      }
      takeCommands(block);
      i = j - 1;
      continue;
    }
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    const setext =
      i + 1 < lines.length &&
      /^(=+|-+|~+|\*+)\s*$/.test(lines[i + 1]!) &&
      line.trim() !== '' &&
      !/^\s/.test(line);
    if (heading || setext) {
      flushParagraph();
      title ??= (heading ? heading[1]! : line.trim()).replace(/[*_`]/g, '').trim() || undefined;
      if (setext) i += 1;
      continue;
    }
    if (line.trim() === '') flushParagraph();
    else if (!/^\s*(\[!\[|!\[|<\/?\w|\.\.\s)/.test(line)) paragraph.push(line.trim());
  }
  flushParagraph();
  return { path, ...(title ? { title } : {}), ...(summary ? { summary } : {}), commands };
}
