import { blocksOf, cellText } from './model.js';

// Data in cells and list items is shown as text: HTML-special characters are written as entities
// (Markdown would pass them through as HTML), pipes escaped, line breaks as <br>.
function dataText(text) {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function tableCell(value) {
  return dataText(cellText(value))
    .replaceAll('\\', '\\\\')
    .replaceAll('|', '\\|')
    .replace(/\r?\n/g, '<br>');
}

function heading(text) {
  return text.replace(/\r?\n/g, ' ');
}

/**
 * The report as Markdown: `#` title, `##` sections, GitHub-style tables and lists. Text sections
 * are written as they are (so they may hold Markdown); table cells and list items are data,
 * shown literally.
 */
export function renderMarkdown(title, sections) {
  const lines = [`# ${heading(title)}`];
  for (const [name, value] of Object.entries(sections)) {
    lines.push('', `## ${heading(name)}`);
    for (const block of blocksOf(value)) {
      lines.push('');
      switch (block.kind) {
        case 'paragraph':
          lines.push(block.text);
          break;
        case 'list':
          for (const item of block.items) lines.push(`- ${dataText(item).replace(/\r?\n/g, ' ')}`);
          break;
        case 'table':
          lines.push(`| ${block.columns.map(tableCell).join(' | ')} |`);
          lines.push(`| ${block.columns.map(() => '---').join(' | ')} |`);
          for (const row of block.rows) lines.push(`| ${row.map(tableCell).join(' | ')} |`);
          break;
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
