import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestError } from './manifest-error';
import { readManifest, readManifestFile } from './read-manifest';
import { splitCommandLine, toKebabCase, toPluginName } from './names';
import { writeManifest } from './write-manifest';

const fixtures = join(import.meta.dirname, '../../test/fixtures/manifests');
const read = (name: string) =>
  readManifest(readFileSync(join(fixtures, name), 'utf8'), { filename: name });

describe('readManifest', () => {
  it('reads the native format without warnings, applying shorthands and defaults', () => {
    const { manifest, format, warnings } = read('native.mark1.plugin.yml');
    expect(format).toBe('mark1');
    expect(warnings).toEqual([]);
    const [wordCount, shout, remote, node, container] = manifest.capabilities;
    expect(wordCount!.inputs).toEqual({
      type: 'object',
      properties: {
        text: { type: 'string', description: 'The text' },
        unique: { type: 'boolean', default: false },
      },
      required: ['text'],
    });
    expect(wordCount!.outputs).toEqual({ count: { type: 'json' } });
    expect(wordCount!.entry_point).toEqual({
      type: 'cli',
      command: ['python3', 'count.py'],
      args: ['${inputs.text}', { flag: '--unique', when: '${inputs.unique}' }],
      stdout: 'auto',
    });
    expect(shout!.timeout).toBe(5);
    expect(remote!.entry_point).toMatchObject({ type: 'http', method: 'POST', response: 'auto' });
    expect(node!.inputs.properties.text).toEqual({ type: 'string', data_type: 'text' });
    expect(node!.entry_point).toEqual({
      type: 'node_function',
      module: './upper.js',
      function: 'upper',
    });
    expect(container!.entry_point).toMatchObject({
      type: 'container',
      image: 'alpine:3',
      args: [],
    });
    expect(manifest.permissions).toEqual({
      network: true,
      filesystem: 'none',
      max_memory: '256MB',
      timeout: 60,
      sandbox: true,
      in_process: false,
    });
    expect(manifest.environment).toEqual([
      { name: 'TEXT_TOOLS_TOKEN', required: true, secret: true },
      { name: 'TEXT_TOOLS_MODE', required: false, secret: false, default: 'fast' },
    ]);
  });

  it('reads seed 000 plugin.yaml, naming the format', () => {
    const { manifest, format, warnings } = read('seed-000.plugin.yaml');
    expect(format).toBe('plugin-yaml');
    expect(warnings[0]).toBe(
      'read seed-000.plugin.yaml as plugin.yaml with plugin_type/execution_mode (seed 000) and normalized it to mark1.plugin.yml schema 1.0',
    );
    expect(warnings).toContain('capability "process_data" renamed "process-data" (kebab-case)');
    expect(manifest.plugin).toMatchObject({
      name: 'my_plugin',
      version: '1.0.0',
      runtime: 'python',
    });
    const capability = manifest.capabilities[0]!;
    expect(capability.name).toBe('process-data');
    expect(capability.inputs.required).toEqual(['input_data']);
    expect(capability.inputs.properties.input_data).toMatchObject({ data_type: 'text' });
    expect(capability.inputs.properties.format).toEqual({
      type: 'string',
      default: 'json',
      description: 'Output format',
    });
    expect(capability.outputs).toEqual({ result: { type: 'json' } });
    expect(capability.entry_point).toEqual({
      type: 'python_function',
      module: 'main',
      function: 'process_data',
    });
    expect(manifest.dependencies.packages).toEqual(['requests>=2.25.0', 'pandas>=1.3.0']);
  });

  it('reads seed 002 §8.1, merging entry_points into capabilities', () => {
    const { manifest, format, warnings } = read('seed-002.mark1.plugin.yml');
    expect(format).toBe('mark1-legacy');
    expect(warnings).toHaveLength(1);
    const [analysis, visualization] = manifest.capabilities;
    expect(analysis!.entry_point).toEqual({
      type: 'python_function',
      module: 'analyzer.main',
      function: 'analyze_csv',
    });
    expect(analysis!.inputs.properties.input).toMatchObject({ data_type: 'csv' });
    expect(analysis!.outputs).toEqual({ result: { type: 'json' } });
    expect(visualization!.outputs).toEqual({ result: { type: 'image' } });
    expect(visualization!.entry_point).toEqual({
      type: 'cli',
      command: ['python', 'visualize.py'],
      args: ['${inputs.input}'],
      stdout: 'auto',
    });
    expect(manifest.dependencies).toMatchObject({
      python: '>=3.8',
      packages: ['pandas>=1.5.0', 'matplotlib>=3.5.0'],
    });
    expect(manifest.permissions).toMatchObject({ timeout: 600, max_memory: '2GB', sandbox: true });
    expect(manifest.environment.map((variable) => [variable.name, variable.required])).toEqual([
      ['PYTHONPATH', false],
      ['DATA_PATH', false],
    ]);
  });

  it('reads seed 002 §5.1 script entry points', () => {
    const { manifest, format } = read('seed-002-scripts.mark1.plugin.yml');
    expect(format).toBe('mark1-legacy');
    expect(manifest.plugin.name).toBe('awesome-image-processor');
    expect(manifest.capabilities.map((capability) => capability.name)).toEqual([
      'compress',
      'resize',
    ]);
    expect(manifest.capabilities[0]!.entry_point).toMatchObject({
      command: ['python3', 'compress.py'],
      args: ['${inputs.input}'],
    });
    expect(manifest.capabilities[0]!.tags).toEqual(['image-compression', 'batch-processing']);
    expect(manifest.permissions.timeout).toBe(300);
  });

  it('reads seed 003 manifest.json', () => {
    const { manifest, format } = read('seed-003.manifest.json');
    expect(format).toBe('manifest-json');
    expect(manifest.capabilities[0]).toMatchObject({
      name: 'analysis',
      entry_point: { type: 'python_function', module: 'my_plugin', function: 'execute' },
    });
    expect(Object.keys(manifest.capabilities[0]!.inputs.properties)).toEqual([
      'input_data',
      'param1',
    ]);
    expect(manifest.permissions).toMatchObject({ network: true, filesystem: 'none' });
    expect(manifest.metadata).toMatchObject({
      author_email: 'you@example.com',
      min_platform_version: '1.0.0',
    });
  });

  it('reads seed 004 plugin.yaml with mcps', () => {
    const { manifest, format, warnings } = read('seed-004.plugin.yaml');
    expect(format).toBe('mcp-plugin-yaml');
    expect(warnings).toContain(
      'plugin dependencies are not installed automatically: helper_plugin1.0.0 (marketplace, optional)',
    );
    expect(manifest.capabilities[0]).toMatchObject({
      name: 'example-mcp',
      entry_point: { type: 'python_function', module: 'main', function: 'ExampleMCP._run' },
      inputs: { required: ['input'] },
    });
    expect(manifest.permissions).toMatchObject({
      network: true,
      filesystem: 'none',
      max_memory: '512MB',
      timeout: 120,
    });
    expect(manifest.dependencies).toMatchObject({
      python: '>=3.8',
      packages: ['requests>=2.25.0'],
    });
    expect(manifest.plugin.tags).toEqual(['text', 'processing', 'api']);
    expect(manifest.metadata).toMatchObject({ certification_level: 'standard' });
  });

  it('names file, line and column of a schema error in the native format', () => {
    const text =
      'schema_version: "1.0"\nplugin:\n  name: Bad Name\ncapabilities:\n  - name: ok\n    entry_point: { type: cli, comand: [x] }\n';
    try {
      readManifest(text, { filename: 'mark1.plugin.yml' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ManifestError);
      const manifestError = error as ManifestError;
      expect(manifestError.code).toBe('MANIFEST_INVALID');
      expect(manifestError.message).toContain(
        'mark1.plugin.yml:3:9: plugin.name: plugin names are lowercase',
      );
      expect(manifestError.message).toContain(
        'capabilities[0].entry_point.comand: unknown key "comand". Did you mean "command"?',
      );
    }
  });

  it('names the line of a YAML syntax error', () => {
    expect(() => readManifest('plugin:\n  name: [a\n', { filename: 'p.yml' })).toThrow(
      /p\.yml:\d+:\d+: /,
    );
  });

  it('refuses an unknown format, listing the ones it reads', () => {
    expect(() => readManifest('hello: world\n', { filename: 'x.yml' })).toThrow(/unknown format/);
    try {
      readManifest('hello: world\n');
    } catch (error) {
      expect((error as ManifestError).code).toBe('MANIFEST_UNKNOWN_FORMAT');
    }
  });

  it('finds the manifest in a folder, preferring mark1.plugin.yml', () => {
    expect(() => readManifestFile(join(fixtures, 'nope'))).toThrow(/No manifest/);
  });
});

describe('writeManifest', () => {
  it.each([
    'native.mark1.plugin.yml',
    'seed-000.plugin.yaml',
    'seed-002.mark1.plugin.yml',
    'seed-003.manifest.json',
    'seed-004.plugin.yaml',
  ])('round-trips %s through mark1.plugin.yml unchanged', (name) => {
    const { manifest } = read(name);
    const written = writeManifest(manifest);
    const again = readManifest(written, { filename: 'mark1.plugin.yml' });
    expect(again.format).toBe('mark1');
    expect(again.warnings).toEqual([]);
    expect(again.manifest).toEqual(manifest);
  });

  it('leaves defaults out', () => {
    const written = writeManifest(read('native.mark1.plugin.yml').manifest);
    expect(written).not.toContain('stdout: auto');
    expect(written).not.toContain('in_process');
    expect(written.startsWith('# Mark-1 plugin manifest')).toBe(true);
  });
});

describe('names', () => {
  it('converts to kebab-case and plugin names', () => {
    expect(toKebabCase('process_data')).toBe('process-data');
    expect(toKebabCase('ProcessData')).toBe('process-data');
    expect(toKebabCase('  CSV analysis!! ')).toBe('csv-analysis');
    expect(toPluginName('My Plugin (v2)')).toBe('my-plugin-v2');
    expect(toPluginName('../../etc')).toBe('etc');
  });

  it('splits command lines without a shell', () => {
    expect(splitCommandLine(`python "my script.py" --name 'a b' x\\ y`)).toEqual([
      'python',
      'my script.py',
      '--name',
      'a b',
      'x y',
    ]);
    expect(splitCommandLine('echo ""')).toEqual(['echo', '']);
  });
});
