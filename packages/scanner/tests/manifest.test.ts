import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Mark1Error, readManifest } from './helpers/sdk';
import { describe, expect, it } from 'vitest';
import { ScannerErrorCodes, generateManifest, scanRepository } from '../src/index';
import { FIXTURES, scanFixture } from './helpers/fixtures';

const WITH_ENTRY_POINTS = readdirSync(FIXTURES)
  .filter((name) => name !== 'docs-only')
  .sort();

describe('generateManifest', () => {
  it.each(WITH_ENTRY_POINTS)(
    '%s: writes a manifest @mark1/sdk reads back unchanged',
    async (name) => {
      const generated = generateManifest(await scanFixture(name));
      const { manifest, format, warnings } = readManifest(generated.yaml, {
        filename: 'mark1.plugin.yml',
      });
      expect(format).toBe('mark1');
      expect(warnings).toEqual([]);
      expect(manifest).toEqual(generated.manifest);
      expect(new Set(manifest.capabilities.map((c) => c.name)).size).toBe(
        manifest.capabilities.length,
      );
    },
  );

  it('writes an argv template for an argparse script, with the README example as inputs', async () => {
    const { manifest } = generateManifest(await scanFixture('argparse-script'));
    const [capability] = manifest.capabilities;
    expect(capability!.entry_point).toEqual({
      type: 'cli',
      command: ['python3', 'wordstats.py'],
      cwd: '.',
      stdout: 'auto',
      args: [
        '${inputs.input}',
        { flag: '--top', value: '${inputs.top}' },
        { flag: '--format', value: '${inputs.format}' },
        { flag: '--keep-case', when: '${inputs.keep_case}' },
        { flag: '--stopword', value: '${inputs.stopword}', repeat: true },
        { flag: '--min-length', value: '${inputs.min_length}' },
      ],
    });
    expect(capability!.inputs.properties.input).toEqual({
      type: 'string',
      description: 'text file to read',
      format: 'path',
      data_type: 'file',
    });
    expect(capability!.inputs.properties.format).toEqual({
      type: 'string',
      description: 'output format',
      enum: ['text', 'json'],
      default: 'text',
    });
    expect(capability!.inputs.required).toEqual(['input']);
    expect(capability!.example).toEqual({
      description: 'From the README: python wordstats.py notes.txt --top 3 --format json',
      inputs: { input: 'notes.txt', top: 3, format: 'json' },
    });
    expect(manifest.permissions.network).toBe(false);
    expect(manifest.plugin.runtime).toBe('python');
  });

  it('places program-wide options before the subcommand and writes both sides of a switch pair', async () => {
    const { manifest } = generateManifest(await scanFixture('click-cli'));
    expect(manifest.plugin).toMatchObject({
      name: 'todo-cli',
      version: '1.2.0',
      description: 'A tiny to-do list on the command line',
      license: 'MIT',
    });
    const list = manifest.capabilities.find((c) => c.name === 'todo-list')!;
    expect(list.entry_point).toMatchObject({
      command: ['python3', '-c', 'import sys; from todo_cli.cli import cli; sys.exit(cli())'],
      cwd: 'src',
      args: [
        { flag: '--store', value: '${inputs.store}' },
        'list',
        { flag: '--done', when: '${inputs.done}' },
        { flag: '--pending', when: '${inputs.done == false}' },
        { flag: '--limit', value: '${inputs.limit}' },
      ],
    });
    expect(manifest.dependencies).toEqual({
      python: '>=3.9',
      packages: ['click>=8.1,<9'],
      requirements: [],
      system: [],
    });
  });

  it('calls HTTP routes with path, query and body templates and asks for the network', async () => {
    const generated = generateManifest(await scanFixture('fastapi-service'));
    const entry = (name: string): unknown =>
      generated.manifest.capabilities.find((c) => c.name === name)!.entry_point;
    expect(entry('read-note')).toEqual({
      type: 'http',
      method: 'GET',
      url: 'http://127.0.0.1:8080/notes/${inputs.note_id}',
      query: { include_body: '${inputs.include_body}' },
      response: 'auto',
    });
    expect(entry('create-note')).toEqual({
      type: 'http',
      method: 'POST',
      url: 'http://127.0.0.1:8080/notes',
      body: '${inputs}',
      response: 'auto',
    });
    expect(generated.manifest.permissions.network).toBe(true);
    expect(generated.manifest.environment).toEqual([
      {
        name: 'DATABASE_URL',
        required: true,
        secret: true,
        description: 'Postgres connection string',
      },
      { name: 'NOTES_ADMIN_EMAIL', required: true, secret: false },
      { name: 'NOTES_DEBUG', required: false, secret: false, default: 'false' },
      { name: 'NOTES_PAGE_SIZE', required: false, secret: false, default: '20' },
      { name: 'NOTES_SMTP_PASSWORD', required: true, secret: true },
      { name: 'PORT', required: false, secret: false, default: '8080' },
      // Connection URLs may carry a password: secret, so its example value is not written out.
      { name: 'REDIS_URL', required: false, secret: true },
      { name: 'SENTRY_DSN', required: false, secret: true },
    ]);
    expect(generated.manifest.dependencies.requirements).toEqual(['requirements.txt']);
    expect(generated.unresolved).toContain(
      'create-note, delete-note, read-note, search-notes: The fastapi service must be running at http://127.0.0.1:8080 (start it with `python3 -m app.main`); the capability calls it over HTTP.',
    );
    expect(generated.unresolved).toContain(
      'It uses postgresql (database), e.g. .env.example:2; the plugin cannot start it: point the plugin at one through its configuration.',
    );
    expect(generated.unresolved).toContain(
      'Secrets to provide before it runs: DATABASE_URL, NOTES_SMTP_PASSWORD.',
    );
  });

  it('writes node entry points: a bin with subcommands, a --no- switch, a node_function, npm packages', async () => {
    const generated = generateManifest(await scanFixture('js-cli-bin'));
    const { manifest } = generated;
    expect(manifest.plugin).toMatchObject({ name: 'acme-imgsize', runtime: 'node' });
    const report = manifest.capabilities.find((c) => c.name === 'imgsize-report')!;
    expect(report.entry_point).toMatchObject({
      command: ['node', 'bin/imgsize.js'],
      args: [
        'report',
        '${inputs.dir}',
        { flag: '--output', value: '${inputs.output}' },
        { flag: '--max-depth', value: '${inputs.maxDepth}' },
        { flag: '--no-recursive', when: '${inputs.recursive == false}' },
      ],
    });
    // The README's example reads ./photos, which the repository does not have: an install would
    // fail its smoke test on it, so it is not made the capability's example.
    expect(report.example).toBeUndefined();
    expect(manifest.capabilities.find((c) => c.name === 'measure')!.entry_point).toEqual({
      type: 'node_function',
      module: './lib/measure.js',
      function: 'measure',
    });
    expect(manifest.dependencies).toEqual({
      node: '>=18',
      packages: ['commander@^12.0.0'],
      requirements: [],
      system: [],
    });
    expect(generated.excluded).toEqual([
      { name: 'report', confidence: 0.4, reason: 'confidence 0.4 is under 0.5' },
    ]);
  });

  it('offers typed library functions with typed outputs and leaves undocumented guesses out', async () => {
    const generated = generateManifest(await scanFixture('typed-library'));
    expect(
      generated.manifest.capabilities.map((c) => `${c.name} ${JSON.stringify(c.outputs)}`),
    ).toEqual([
      'slugify {"result":{"type":"text","description":"The return value."}}',
      'summarize {"result":{"type":"json","description":"The return value."}}',
      'word-count {"result":{"type":"json","description":"The return value."}}',
    ]);
    expect(generated.manifest.capabilities[1]!.inputs).toEqual({
      type: 'object',
      properties: {
        path: {
          type: 'string',
          description: 'The text file to read.',
          format: 'path',
          data_type: 'file',
        },
        max_sentences: { type: 'integer', description: 'How many sentences to keep.', default: 3 },
        style: { type: 'string', enum: ['plain', 'bullets'], default: 'plain' },
      },
      required: ['path'],
    });
    expect(generated.manifest.dependencies).toEqual({
      python: '>=3.8',
      packages: ['regex>=2023.0'],
      requirements: [],
      system: [],
    });
    expect(generated.excluded.map((e) => e.name)).toEqual(['describe']);
  });

  it('flags secrets, network use, programs started through subprocesses, GPU and heavy packages', async () => {
    const env = generateManifest(await scanFixture('env-secrets'));
    expect(env.manifest.environment.find((v) => v.name === 'OPENAI_API_KEY')).toEqual({
      name: 'OPENAI_API_KEY',
      required: true,
      secret: true,
      description: 'OpenAI key used for summaries',
    });
    expect(env.manifest.environment.find((v) => v.name === 'LOG_LEVEL')).toEqual({
      name: 'LOG_LEVEL',
      required: false,
      secret: false,
      default: 'warning',
    });
    const llm = generateManifest(await scanFixture('llm-calls'));
    expect(llm.manifest.permissions.network).toBe(true);
    expect(llm.manifest.metadata).toMatchObject({
      network_because: 'requests.post at providers.py:26',
      agent_pattern: 'autonomous-loop',
    });
    expect(llm.manifest.dependencies.system).toEqual(['ffmpeg']);
    expect(llm.unresolved).toContain(
      'It installs heavy packages (torch); consider permissions.max_memory and a longer timeout.',
    );
    expect(llm.unresolved).toContain(
      'It calls language models (anthropic, ollama, openai, unknown; models claude-3-5-haiku-latest, gpt-4.1-mini, gpt-4o, gpt-4o-mini, llama3.2, mistral, qwen2.5); their API keys or a local server must be available.',
    );
  });

  it('falls back to the best uncertain entry point, saying so', async () => {
    const generated = generateManifest(await scanFixture('dependencies-zoo'));
    expect(generated.manifest.capabilities.map((c) => c.name)).toEqual(['zoo']);
    expect(generated.unresolved[0]).toBe(
      'No entry point reached the confidence threshold; zoo (confidence 0.45) is the best guess. Check that it is what this repository is for.',
    );
    expect(generated.yaml.split('\n').slice(0, 3)).toEqual([
      '# Generated by @mark1/scanner for zoo; review it before installing.',
      '# Left for a person to check:',
      '# - No entry point reached the confidence threshold; zoo (confidence 0.45) is the best guess. Check that it is what this repository is for.',
    ]);
  });

  it('honours minConfidence, maxCapabilities and a name', async () => {
    const profile = await scanFixture('llm-calls');
    const generated = generateManifest(profile, {
      minConfidence: 0.4,
      maxCapabilities: 3,
      name: 'My Tools',
    });
    expect(generated.manifest.plugin.name).toBe('my-tools');
    expect(generated.manifest.capabilities.map((c) => c.name)).toEqual([
      'autopilot',
      'ask-any',
      'ask-claude',
    ]);
    expect(generated.excluded).toHaveLength(9);
  });

  it('fails clearly when a repository offers nothing to call, or the profile is not a profile', async () => {
    const docs = await scanFixture('docs-only');
    expect(() => generateManifest(docs)).toThrow(
      expect.objectContaining({ code: ScannerErrorCodes.NO_CAPABILITIES }),
    );
    try {
      generateManifest({ schemaVersion: 99 } as never);
      expect.unreachable();
    } catch (error) {
      expect(Mark1Error.isInstance(error)).toBe(true);
      expect((error as Mark1Error).code).toBe(ScannerErrorCodes.PROFILE_INVALID);
      expect((error as Mark1Error).message).toMatch(
        /^generateManifest needs a RepositoryProfile from scanRepository \(schema 1\): schemaVersion: /,
      );
    }
    expect(() => generateManifest(docs, { minConfidence: 2 })).toThrow(
      expect.objectContaining({ code: ScannerErrorCodes.SCAN_OPTIONS_INVALID }),
    );
  });
});

describe('generateManifest on a repository the reader has to finish', () => {
  it('describes the plugin by its only capability when the README opens with a lead-in, and keeps examples that name files it lacks out', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mark1-wc-'));
    try {
      writeFileSync(
        join(root, 'README.md'),
        '# wc\n\nUsage:\n\n```sh\npython wc.py notes.txt --unique\n```\n',
      );
      writeFileSync(
        join(root, 'wc.py'),
        [
          'import argparse',
          '',
          'def main():',
          '    parser = argparse.ArgumentParser(description="Count the words of a file.")',
          '    parser.add_argument("path", help="the file to count")',
          '    parser.add_argument("--unique", action="store_true")',
          '    args = parser.parse_args()',
          '    print(args.path)',
          '',
          'if __name__ == "__main__":',
          '    main()',
          '',
        ].join('\n'),
      );
      const generated = generateManifest(await scanRepository(root, { workers: 0 }));
      expect(generated.manifest.plugin.description).toBe('Count the words of a file.');
      expect(generated.manifest.capabilities[0]!.example).toBeUndefined();
      writeFileSync(join(root, 'notes.txt'), 'a b a\n');
      const withFile = generateManifest(await scanRepository(root, { workers: 0 }));
      expect(withFile.manifest.capabilities[0]!.example).toEqual({
        description: 'From the README: python wc.py notes.txt --unique',
        inputs: { path: 'notes.txt', unique: true },
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('puts the import root of a src layout on python_path, so the function can be imported', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mark1-srclayout-'));
    try {
      mkdirSync(join(root, 'src', 'textkit'), { recursive: true });
      writeFileSync(
        join(root, 'pyproject.toml'),
        '[project]\nname = "textkit"\nversion = "1.0.0"\ndescription = "Text helpers."\n',
      );
      writeFileSync(join(root, 'src', 'textkit', '__init__.py'), '');
      writeFileSync(
        join(root, 'src', 'textkit', 'ops.py'),
        'def shout(text: str) -> str:\n    """Upper-case a text."""\n    return text.upper()\n\n\ndef encode(text: str) -> bytes:\n    """Encode a text as UTF-8."""\n    return text.encode()\n',
      );
      const { manifest } = generateManifest(await scanRepository(root, { workers: 0 }));
      expect(
        manifest.capabilities.find((capability) => capability.name === 'shout')!.entry_point,
      ).toEqual({
        type: 'python_function',
        module: 'textkit.ops',
        function: 'shout',
        python_path: ['src'],
      });
      // Returned bytes come back as text (the executor's shim decodes them), never as a file.
      expect(
        manifest.capabilities.find((capability) => capability.name === 'encode')!.outputs,
      ).toEqual({
        result: { type: 'text', description: 'The returned bytes, as text (UTF-8, else base64).' },
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
