import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { callCapability, capabilityOf } from './harness.ts';
import { describeExamplePlugin } from './plugin-suite.ts';

const SALES = 'month,sales\nJan,10\nFeb,25\nMar,-5\n';

describeExamplePlugin('chart', (plugin) => {
  it('writes an SVG with one bar per row into MARK1_OUTPUT_DIR', async () => {
    const capability = capabilityOf(plugin());
    const result = await callCapability(plugin(), capability, {
      csv: SALES,
      x: 'month',
      y: 'sales',
    });
    const svg = readFileSync(join(result.outputDir, 'chart.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<rect x=/g)).toHaveLength(3);
    expect(svg).toContain('<title>Mar: -5</title>');
  });

  it('writes a PNG line chart when asked', async () => {
    const capability = capabilityOf(plugin());
    const result = await callCapability(plugin(), capability, {
      csv: SALES,
      kind: 'line',
      format: 'png',
    });
    expect(result.outputs.chart).toBe('chart.png');
    const png = readFileSync(join(result.outputDir, 'chart.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBe(640);
    expect(png.readUInt32BE(20)).toBe(400);
  });
});
