// The checks every example plugin gets: a valid, complete manifest; its own test suite passing
// when run as a child process; and its manifest example giving the `expect`ed outputs when called
// the way the executor calls it, without writing into the plugin folder.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  callCapability,
  capabilityOf,
  isFileOutput,
  loadPlugin,
  runOwnTests,
  snapshot,
  type LoadedPlugin,
} from './harness.ts';

function entryFile(plugin: LoadedPlugin, capabilityName: string): string {
  const entry = capabilityOf(plugin, capabilityName).entry_point;
  switch (entry.type) {
    case 'python_function': {
      const base = join(plugin.dir, ...entry.module.split('.'));
      return existsSync(`${base}.py`) ? `${base}.py` : join(base, '__init__.py');
    }
    case 'node_function':
      return resolve(plugin.dir, entry.module);
    case 'cli':
      return resolve(plugin.dir, entry.cwd ?? '.', entry.command[1] ?? '');
    case 'http':
    case 'container':
      throw new Error(`unexpected entry point ${entry.type}`);
  }
}

/** Registers the common suite of one example plugin; `extra` adds plugin-specific tests. */
export function describeExamplePlugin(
  name: string,
  extra?: (plugin: () => LoadedPlugin) => void,
): void {
  let loaded: LoadedPlugin | undefined;
  const plugin = () => (loaded ??= loadPlugin(name));

  describe(name, () => {
    it('has a valid, complete mark1.plugin.yml', () => {
      const { manifest, format, warnings, dir } = plugin();
      expect(format).toBe('mark1');
      expect(warnings).toEqual([]);
      expect(manifest.plugin.name).toBe(name);
      expect(manifest.plugin.description).not.toBe('');
      expect(['python', 'node']).toContain(manifest.plugin.runtime);
      expect(manifest.permissions.network).toBe(false);
      expect(manifest.dependencies.packages).toEqual([]);
      for (const capability of manifest.capabilities) {
        expect(capability.description, capability.name).not.toBe('');
        for (const [input, schema] of Object.entries(capability.inputs.properties)) {
          expect(schema.description, `${capability.name} input ${input}`).toBeTruthy();
          expect(
            schema.type ?? schema.data_type,
            `${capability.name} input ${input}`,
          ).toBeDefined();
        }
        expect(Object.keys(capability.outputs).length).toBeGreaterThan(0);
        for (const [output, spec] of Object.entries(capability.outputs)) {
          expect(spec.description, `${capability.name} output ${output}`).toBeTruthy();
        }
        const example = capability.example;
        expect(example, `${capability.name} example`).toBeDefined();
        expect(Object.keys(example!.expect ?? {}).length).toBeGreaterThan(0);
        for (const key of Object.keys(example!.expect ?? {}))
          expect(Object.keys(capability.outputs)).toContain(key);
        for (const key of Object.keys(example!.inputs))
          expect(Object.keys(capability.inputs.properties)).toContain(key);
        for (const key of capability.inputs.required)
          expect(Object.keys(example!.inputs)).toContain(key);
        expect(
          existsSync(entryFile(plugin(), capability.name)),
          `entry point of ${capability.name}`,
        ).toBe(true);
      }
      const readme = readFileSync(join(dir, 'README.md'), 'utf8');
      for (const capability of manifest.capabilities) expect(readme).toContain(capability.name);
      if (manifest.plugin.runtime === 'node') {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<
          string,
          unknown
        >;
        expect(pkg.type).toBe('module');
        expect(pkg.dependencies ?? {}).toEqual({});
        expect(pkg.devDependencies ?? {}).toEqual({});
      }
    });

    it('passes its own test suite', async () => {
      const result = await runOwnTests(plugin());
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.failed).toBe(0);
      expect(result.passed).toBeGreaterThan(5);
    });

    it("gives its manifest example's expected outputs, writing only to MARK1_OUTPUT_DIR", async () => {
      const before = snapshot(plugin().dir);
      for (const capability of plugin().manifest.capabilities) {
        const example = capability.example!;
        const result = await callCapability(plugin(), capability, example.inputs);
        for (const [output, expected] of Object.entries(example.expect ?? {})) {
          expect(result.outputs[output], `${capability.name} output ${output}`).toEqual(expected);
        }
        for (const output of Object.keys(capability.outputs)) {
          if (!isFileOutput(capability, output)) continue;
          const value = result.outputs[output];
          expect(typeof value).toBe('string');
          expect(existsSync(join(result.outputDir, value as string)), `${output} file`).toBe(true);
        }
      }
      expect(snapshot(plugin().dir)).toEqual(before);
    });

    extra?.(plugin);
  });
}
