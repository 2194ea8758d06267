import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderCsv } from '../src/csv.js';
import { escapeHtml, renderHtml } from '../src/html.js';
import { buildReport } from '../src/index.js';
import { renderMarkdown } from '../src/markdown.js';
import { blocksOf, leaves } from '../src/model.js';

const SECTIONS = {
  Summary: 'Customers like it.\n\nPrice is the complaint.',
  Sentiment: { label: 'mixed', score: -0.13, positive: ['great'], negative: ['expensive'] },
  Themes: [
    { theme: 'great product', score: 1 },
    { theme: 'expensive', score: 0.5, keywords: ['expensive'] },
  ],
  Notes: ['first', 'second'],
};

describe('blocks', () => {
  it('maps each kind of value to its block', () => {
    assert.deepEqual(blocksOf('one\n\ntwo'), [
      { kind: 'paragraph', text: 'one' },
      { kind: 'paragraph', text: 'two' },
    ]);
    assert.deepEqual(blocksOf(42), [{ kind: 'paragraph', text: '42' }]);
    assert.deepEqual(blocksOf(null), [{ kind: 'paragraph', text: '(no value)' }]);
    assert.deepEqual(blocksOf([]), [{ kind: 'paragraph', text: '(empty)' }]);
    assert.deepEqual(blocksOf({}), [{ kind: 'paragraph', text: '(empty)' }]);
    assert.deepEqual(blocksOf(['a', 1]), [{ kind: 'list', items: ['a', '1'] }]);
    assert.deepEqual(blocksOf({ a: { b: 1 }, c: [1, 2] }), [
      {
        kind: 'table',
        columns: ['Key', 'Value'],
        rows: [
          ['a.b', 1],
          ['c', [1, 2]],
        ],
        keyValue: true,
      },
    ]);
    assert.deepEqual(blocksOf([{ a: 1 }, { b: { c: 2 } }]), [
      {
        kind: 'table',
        columns: ['a', 'b.c'],
        rows: [
          [1, undefined],
          [undefined, 2],
        ],
        keyValue: false,
      },
    ]);
  });

  it('lists leaves by dotted path', () => {
    assert.deepEqual(leaves({ a: [{ b: 1 }], c: 'x' }), [
      ['a.0.b', 1],
      ['c', 'x'],
    ]);
    assert.deepEqual(leaves('text'), [['', 'text']]);
  });
});

describe('markdown', () => {
  it('renders title, paragraphs, key/value tables, tables and lists', () => {
    assert.equal(
      renderMarkdown('Feedback', SECTIONS),
      [
        '# Feedback',
        '',
        '## Summary',
        '',
        'Customers like it.',
        '',
        'Price is the complaint.',
        '',
        '## Sentiment',
        '',
        '| Key | Value |',
        '| --- | --- |',
        '| label | mixed |',
        '| score | -0.13 |',
        '| positive | great |',
        '| negative | expensive |',
        '',
        '## Themes',
        '',
        '| theme | score | keywords |',
        '| --- | --- | --- |',
        '| great product | 1 |  |',
        '| expensive | 0.5 | expensive |',
        '',
        '## Notes',
        '',
        '- first',
        '- second',
        '',
      ].join('\n'),
    );
  });

  it('keeps data in cells literal', () => {
    const text = renderMarkdown('T', { S: { 'a|b': 'x | y\nz <b>' } });
    assert.match(text, /\| a\\\|b \| x \\\| y<br>z &lt;b&gt; \|/);
  });
});

describe('html', () => {
  it('escapes every text and styles the page inline', () => {
    const html = renderHtml('Q&A <1>', {
      '<script>': { "it's": '"quoted" & <b>bold</b>' },
      List: ['<i>'],
    });
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.match(html, /<title>Q&amp;A &lt;1&gt;<\/title>/);
    assert.match(html, /<h2>&lt;script&gt;<\/h2>/);
    assert.match(
      html,
      /<tr><th>it&#39;s<\/th><td>&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;\/b&gt;<\/td><\/tr>/,
    );
    assert.match(html, /<li>&lt;i&gt;<\/li>/);
    assert.match(html, /<style>[\s\S]*border-collapse[\s\S]*<\/style>/);
    assert.doesNotMatch(html, /<script>|<b>bold/);
  });

  it('right-aligns numbers and turns line breaks into <br>', () => {
    const html = renderHtml('T', { S: [{ n: 5, t: 'a\nb' }] });
    assert.match(html, /<tr><td class="num">5<\/td><td>a<br>b<\/td><\/tr>/);
    assert.equal(escapeHtml(`<>&"'`), '&lt;&gt;&amp;&quot;&#39;');
  });
});

describe('csv', () => {
  it('writes one row per leaf value: section, key, value', () => {
    assert.equal(
      renderCsv('Feedback', SECTIONS),
      [
        'section,key,value',
        ',title,Feedback',
        'Summary,,"Customers like it.',
        '',
        'Price is the complaint."',
        'Sentiment,label,mixed',
        'Sentiment,score,-0.13',
        'Sentiment,positive.0,great',
        'Sentiment,negative.0,expensive',
        'Themes,0.theme,great product',
        'Themes,0.score,1',
        'Themes,1.theme,expensive',
        'Themes,1.score,0.5',
        'Themes,1.keywords.0,expensive',
        'Notes,0,first',
        'Notes,1,second',
        '',
      ].join('\n'),
    );
  });

  it('quotes fields per RFC 4180', () => {
    assert.equal(
      renderCsv('A, "B"', { S: ' padded' }),
      'section,key,value\n,title,"A, ""B"""\nS,," padded"\n',
    );
  });
});

describe('buildReport', () => {
  let out;
  let saved;
  before(() => {
    out = mkdtempSync(join(tmpdir(), 'report-builder-'));
    saved = process.env.MARK1_OUTPUT_DIR;
    process.env.MARK1_OUTPUT_DIR = out;
  });
  after(() => {
    if (saved === undefined) delete process.env.MARK1_OUTPUT_DIR;
    else process.env.MARK1_OUTPUT_DIR = saved;
    rmSync(out, { recursive: true, force: true });
  });

  it('writes report.md by default and returns its name and content', () => {
    const result = buildReport({ title: 'Feedback', sections: SECTIONS });
    assert.equal(result.report, 'report.md');
    assert.equal(readFileSync(join(out, 'report.md'), 'utf8'), result.content);
    assert.equal(result.content, renderMarkdown('Feedback', SECTIONS));
  });

  it('writes report.html and report.csv', () => {
    assert.equal(
      buildReport({ title: 'T', sections: { S: 'x' }, format: 'html' }).report,
      'report.html',
    );
    const csv = buildReport({ title: 'T', sections: '{"S": {"k": 1}}', format: 'csv' });
    assert.deepEqual(csv, {
      report: 'report.csv',
      content: 'section,key,value\n,title,T\nS,k,1\n',
    });
    assert.deepEqual(readdirSync(out).sort(), ['report.csv', 'report.html', 'report.md']);
  });

  it('explains bad input', () => {
    assert.throws(
      () => buildReport({ sections: {} }),
      /report-builder: `title` must be a non-empty string, got nothing/,
    );
    assert.throws(
      () => buildReport({ title: ' ', sections: {} }),
      /`title` must be a non-empty string/,
    );
    assert.throws(() => buildReport({ title: 'T' }), /`sections` is required/);
    assert.throws(
      () => buildReport({ title: 'T', sections: [1] }),
      /`sections` must be an object of section name -> value, got a list/,
    );
    assert.throws(
      () => buildReport({ title: 'T', sections: '{oops' }),
      /`sections` is text that is not JSON/,
    );
    assert.throws(
      () => buildReport({ title: 'T', sections: {}, format: 'pdf' }),
      /`format` must be markdown, html or csv, got "pdf"/,
    );
    assert.throws(
      () => buildReport({ title: 'T', sections: {}, format: 'toString' }),
      /`format` must be markdown, html or csv/,
    );
  });
});
