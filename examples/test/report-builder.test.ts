import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { callCapability, capabilityOf } from './harness.ts';
import { describeExamplePlugin } from './plugin-suite.ts';

describeExamplePlugin('report-builder', (plugin) => {
  it('writes the file it names, with the content it returns, for each format', async () => {
    const capability = capabilityOf(plugin());
    const sections = { Summary: 'All <good>', Scores: [{ name: 'a', value: 1 }] };
    for (const [format, file] of [
      ['markdown', 'report.md'],
      ['html', 'report.html'],
      ['csv', 'report.csv'],
    ] as const) {
      const result = await callCapability(plugin(), capability, { title: 'T', sections, format });
      expect(result.outputs.report).toBe(file);
      expect(readFileSync(join(result.outputDir, file), 'utf8')).toBe(result.outputs.content);
    }
  });

  it('defaults to markdown', async () => {
    const result = await callCapability(plugin(), capabilityOf(plugin()), {
      title: 'T',
      sections: { S: 'x' },
    });
    expect(result.outputs).toEqual({ report: 'report.md', content: '# T\n\n## S\n\nx\n' });
  });
});
