import { blocksOf, cellText } from './model.js';

const STYLE = `
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328;
         max-width: 860px; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
  h1 { font-size: 1.8rem; border-bottom: 2px solid #d0d7de; padding-bottom: .3rem; }
  h2 { font-size: 1.3rem; margin-top: 2rem; }
  table { border-collapse: collapse; margin: .5rem 0 1rem; }
  th, td { border: 1px solid #d0d7de; padding: .35rem .7rem; text-align: left; vertical-align: top; }
  th { background: #f6f8fa; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }`;

/** Text safe inside HTML elements and quoted attributes. */
export function escapeHtml(text) {
  return String(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function multiline(text) {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

function cell(tag, value) {
  const numeric = typeof value === 'number';
  return `<${tag}${numeric ? ' class="num"' : ''}>${multiline(cellText(value))}</${tag}>`;
}

/** The report as one HTML page with a small inline stylesheet; every text is escaped. */
export function renderHtml(title, sections) {
  const body = [];
  for (const [name, value] of Object.entries(sections)) {
    body.push('<section>', `<h2>${escapeHtml(name)}</h2>`);
    for (const block of blocksOf(value)) {
      switch (block.kind) {
        case 'paragraph':
          body.push(`<p>${multiline(block.text)}</p>`);
          break;
        case 'list':
          body.push('<ul>', ...block.items.map((item) => `<li>${multiline(item)}</li>`), '</ul>');
          break;
        case 'table':
          body.push(
            '<table>',
            `<thead><tr>${block.columns.map((column) => cell('th', column)).join('')}</tr></thead>`,
            '<tbody>',
            ...block.rows.map((row) =>
              block.keyValue
                ? `<tr>${cell('th', row[0])}${cell('td', row[1])}</tr>`
                : `<tr>${row.map((value) => cell('td', value)).join('')}</tr>`,
            ),
            '</tbody>',
            '</table>',
          );
          break;
      }
    }
    body.push('</section>');
  }
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(title)}</h1>`,
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
