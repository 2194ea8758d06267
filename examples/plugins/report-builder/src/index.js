import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { isPlainObject } from './model.js';

const FORMATS = {
  markdown: { file: 'report.md', render: renderMarkdown },
  html: { file: 'report.html', render: renderHtml },
  csv: { file: 'report.csv', render: renderCsv },
};

function fail(message) {
  throw new Error(`report-builder: ${message}`);
}

function readSections(sections) {
  if (sections === undefined || sections === null) {
    fail(
      '`sections` is required: an object of section name -> value, e.g. {"Summary": "All good"}',
    );
  }
  if (typeof sections === 'string') {
    try {
      sections = JSON.parse(sections);
    } catch {
      fail('`sections` is text that is not JSON; pass an object of section name -> value');
    }
  }
  if (!isPlainObject(sections)) {
    fail(
      `\`sections\` must be an object of section name -> value, got ${Array.isArray(sections) ? 'a list' : `a ${typeof sections}`}`,
    );
  }
  return sections;
}

function outputDirectory() {
  const directory = process.env.MARK1_OUTPUT_DIR || process.cwd();
  let stat;
  try {
    stat = statSync(directory);
  } catch {
    mkdirSync(directory, { recursive: true });
    return directory;
  }
  if (!stat.isDirectory()) fail(`MARK1_OUTPUT_DIR (${directory}) is not a directory`);
  return directory;
}

/**
 * Mark-1 capability `build-report`: a report from a title and named sections, written to
 * MARK1_OUTPUT_DIR (the current directory outside Mark-1) as report.md, report.html or
 * report.csv.
 *
 * Section values: strings become paragraphs (split at blank lines), objects key/value tables
 * (nested keys dotted), lists of objects tables, other lists bullet lists, numbers and booleans
 * a paragraph. In CSV every leaf value is a row: section, key (dotted path), value.
 *
 * @param {object} inputs
 * @param {string} inputs.title
 * @param {Record<string, unknown>} inputs.sections section name -> value, in order
 * @param {'markdown' | 'html' | 'csv'} [inputs.format] `markdown` by default
 * @returns {{ report: string, content: string }} the file name (relative to MARK1_OUTPUT_DIR) and its text
 */
export function buildReport({ title, sections, format = 'markdown' } = {}) {
  if (typeof title !== 'string' || title.trim() === '') {
    fail(`\`title\` must be a non-empty string, got ${JSON.stringify(title) ?? 'nothing'}`);
  }
  const chosen = FORMATS[format];
  if (!Object.hasOwn(FORMATS, format) || !chosen) {
    fail(`\`format\` must be markdown, html or csv, got ${JSON.stringify(format)}`);
  }
  const content = chosen.render(title.trim(), readSections(sections));
  writeFileSync(join(outputDirectory(), chosen.file), content, 'utf8');
  return { report: chosen.file, content };
}

export default buildReport;
