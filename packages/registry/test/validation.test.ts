import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validatePlugin } from '../src/index';
import { FIXTURES } from './support/git';

const fixture = (name: string) => join(FIXTURES, name);

describe('validatePlugin: security scan', () => {
  let report: Awaited<ReturnType<typeof validatePlugin>>;
  beforeAll(async () => {
    report = await validatePlugin(fixture('risky-plugin'));
  });
  const at = (file: string, line: number) =>
    report.findings
      .filter((finding) => finding.file === file && finding.line === line)
      .map((finding) => finding.rule);

  it('reports each risky pattern with file:line, and nothing from comments or strings', () => {
    expect(at('risky/main.py', 10)).toEqual(['code-execution']);
    expect(at('risky/main.py', 11)).toEqual(['shell']);
    expect(at('risky/main.py', 12)).toEqual(['shell']);
    expect(at('risky/main.py', 16)).toEqual(['deserialization']);
    expect(at('risky/main.py', 17)).toEqual(['dynamic-import']);
    expect(at('risky/main.py', 18)).toEqual(['write-outside']);
    expect(at('risky/main.py', 4)).toEqual(['undeclared-network']);
    expect(at('risky/main.py', 8)).toEqual([]);
    expect(at('risky/main.py', 9)).toEqual([]);
    expect(at('fetch.js', 5)).toEqual(['remote-code']);
    expect(at('fetch.js', 6)).toEqual(['shell']);
    expect(at('install.sh', 3).sort()).toEqual(['remote-code', 'undeclared-network']);
    expect(at('install.sh', 2)).toEqual([]);
    expect(report.findings.find((finding) => finding.rule === 'write-outside')?.message).toContain(
      '/etc/mark1-was-here',
    );
    expect(
      report.findings.find((finding) => finding.line === 12 && finding.file === 'risky/main.py')
        ?.message,
    ).toContain('shell=True');
  });

  it('sorts findings by severity, gives the fix, and scores security accordingly', () => {
    expect(report.findings[0]!.severity).toBe('critical');
    expect(
      report.findings.every((finding) => finding.fix.length > 10 && finding.code.length > 0),
    ).toBe(true);
    expect(report.scores.security).toBe(0);
    expect(report.certification).toBe('uncertified');
    expect(report.certificationReason).toMatch(/critical/);
    expect(report.networkUse).toContain('risky/main.py:4 imports requests');
    expect(report.valid).toBe(true);
  });

  it('does not report network use the manifest declares', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'mark1-validate-')), 'risky');
    cpSync(fixture('risky-plugin'), folder, { recursive: true });
    writeFileSync(
      join(folder, 'mark1.plugin.yml'),
      validateText().replace('network: false', 'network: true'),
    );
    const declared = await validatePlugin(folder);
    expect(declared.findings.some((finding) => finding.rule === 'undeclared-network')).toBe(false);
    expect(declared.networkUse.length).toBeGreaterThan(0);
  });
});

function validateText(): string {
  return `schema_version: "1.0"
plugin: { name: risky-plugin, description: Does risky things }
capabilities:
  - name: do-risky-things
    inputs: { payload: { type: string, required: true } }
    entry_point: { type: python_function, module: risky.main, function: run }
permissions:
  network: false
`;
}

describe('validatePlugin: entry points', () => {
  it('reports each entry point that does not resolve, and accepts Class.method', async () => {
    const report = await validatePlugin(fixture('broken-entry'));
    expect(report.valid).toBe(false);
    const byCapability = Object.fromEntries(
      report.errors.map((issue) => [issue.capability, issue.message]),
    );
    expect(Object.keys(byCapability).sort()).toEqual([
      'missing-export',
      'missing-function',
      'missing-module',
      'missing-script',
    ]);
    expect(byCapability['missing-module']).toMatch(/pkg\.absent.*pkg\/absent\.py/);
    expect(byCapability['missing-function']).toMatch(
      /pkg\/tools\.py defines no top-level function "nope" \(it defines Tool, helper/,
    );
    expect(byCapability['missing-script']).toMatch(/scripts\/run\.py does not exist/);
    expect(byCapability['missing-export']).toMatch(
      /lib\.js exports no "transform" \(it exports convert\)/,
    );
    expect(report.certification).toBe('uncertified');
  });

  it('reports manifest problems with file:line', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mark1-validate-'));
    writeFileSync(
      join(folder, 'mark1.plugin.yml'),
      'schema_version: "1.0"\nplugin:\n  name: bad\ncapabilities:\n  - name: Not Kebab\n    entry_point: { type: cli, command: [echo] }\n',
    );
    const report = await validatePlugin(folder);
    expect(report.valid).toBe(false);
    expect(report.errors[0]).toMatchObject({
      check: 'manifest',
      file: 'mark1.plugin.yml',
      line: 5,
    });
    expect(report.errors[0]!.message).toMatch(/kebab-case/);
    const empty = await validatePlugin(mkdtempSync(join(tmpdir(), 'mark1-validate-')));
    expect(empty.errors[0]!.message).toMatch(/no manifest found/);
  });

  it('reads seed formats with a warning naming the format', async () => {
    const report = await validatePlugin(fixture('seed-000-plugin'));
    expect(report.valid).toBe(true);
    expect(report.manifest).toMatchObject({
      name: 'seed_formatter',
      format: 'plugin-yaml',
      file: 'plugin.yaml',
    });
    expect(report.warnings.map((issue) => issue.message).join('\n')).toMatch(/seed 000/);
  });
});

describe('validatePlugin: quality and certification', () => {
  it('scores a documented, tested, typed plugin high and a bare one low', async () => {
    const good = await validatePlugin(fixture('py-greeter'));
    expect(good.valid).toBe(true);
    expect(good.findings).toEqual([]);
    expect(good.scores.security).toBe(100);
    expect(good.scores.quality).toBeGreaterThanOrEqual(90);
    expect(good.certification).toBe('enterprise');

    const bare = mkdtempSync(join(tmpdir(), 'mark1-validate-'));
    writeFileSync(
      join(bare, 'mark1.plugin.yml'),
      'schema_version: "1.0"\nplugin: { name: bare }\ncapabilities:\n  - name: run\n    inputs: { x: {} }\n    entry_point: { type: cli, command: [sh, run.sh] }\n',
    );
    writeFileSync(join(bare, 'run.sh'), 'echo hi\n');
    const low = await validatePlugin(bare);
    expect(low.valid).toBe(true);
    expect(low.scores.quality).toBeLessThan(20);
    expect(low.quality.find((item) => item.item === 'tests')).toMatchObject({ points: 0, max: 20 });
    expect(low.certification).toBe('uncertified');
    expect(low.certificationReason).toMatch(/quality \d+ is below 60/);
  });
});

describe('validatePlugin: tree-sitter facts', () => {
  it('finds calls the lexical rules cannot see (aliases resolved through imports)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mark1-validate-'));
    writeFileSync(
      join(folder, 'mark1.plugin.yml'),
      'schema_version: "1.0"\nplugin: { name: aliased }\ncapabilities:\n  - name: run\n    entry_point: { type: python_function, module: tool, function: run }\n',
    );
    writeFileSync(
      join(folder, 'tool.py'),
      'from os import system as run_it\nfrom pickle import loads as load_blob\n\n\ndef run(text):\n    run_it(text)\n    return load_blob(text)\n',
    );
    const deep = await validatePlugin(folder);
    expect(
      deep.findings.map((finding) => `${finding.file}:${finding.line} ${finding.rule}`),
    ).toEqual(['tool.py:6 shell', 'tool.py:7 deserialization']);
    const lexical = await validatePlugin(folder, { treeSitter: false });
    expect(lexical.findings).toEqual([]);
  });
});
