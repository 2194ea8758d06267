// The contract table in plugins/README.md is what workflows, the planner and its evaluation set
// rely on: every row must match the plugin's manifest (names, runtime, entry point kind, inputs
// with their types, requiredness, choices and defaults, outputs with their types).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataTypeOfSchema, isDataType } from '@mark1/sdk';
import { describe, expect, it } from 'vitest';
import { loadPlugin, PLUGINS_DIR } from './harness.ts';

interface ContractRow {
  plugin: string;
  runtime: string;
  entryPoint: string;
  capability: string;
  inputs: Map<string, string>;
  outputs: Map<string, string>;
}

function namedItems(cell: string): Map<string, string> {
  const items = new Map<string, string>();
  for (const match of cell.matchAll(/`([A-Za-z_][\w-]*)` \(([^)]*)\)/g))
    items.set(match[1]!, match[2]!);
  return items;
}

function readContract(): ContractRow[] {
  const readme = readFileSync(join(PLUGINS_DIR, 'README.md'), 'utf8');
  return readme
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      const [plugin, runtimeCell, capability, inputs, outputs] = cells;
      const runtime = /^(\w+),/.exec(runtimeCell!)?.[1] ?? '';
      return {
        plugin: plugin!.replaceAll('`', ''),
        runtime: runtime.toLowerCase(),
        entryPoint: /`(\w+)`/.exec(runtimeCell!)?.[1] ?? '',
        capability: capability!.replaceAll('`', ''),
        inputs: namedItems(inputs!),
        outputs: namedItems(outputs!),
      };
    });
}

const contract = readContract();

/** The choices of a description such as "bar or line, default bar" or "markdown, html or csv". */
function choices(description: string): string[] | undefined {
  const head = description.split(/, default |, required|, optional/)[0]!;
  if (!/ or /.test(head)) return undefined;
  return head.split(/, | or /).map((choice) => choice.trim());
}

describe('the contract table of plugins/README.md', () => {
  it('lists exactly the plugin folders', () => {
    const folders = readdirSync(PLUGINS_DIR).filter((name) =>
      existsSync(join(PLUGINS_DIR, name, 'mark1.plugin.yml')),
    );
    expect(contract.map((row) => row.plugin).sort()).toEqual(folders.sort());
    expect(contract).toHaveLength(8);
  });

  for (const row of contract) {
    it(`matches the manifest of ${row.plugin}`, () => {
      const { manifest } = loadPlugin(row.plugin);
      expect(manifest.plugin.runtime).toBe(row.runtime);
      const capability = manifest.capabilities.find(
        (candidate) => candidate.name === row.capability,
      );
      expect(capability, `capability ${row.capability}`).toBeDefined();
      expect(capability!.entry_point.type).toBe(row.entryPoint);

      for (const [name, description] of row.inputs) {
        const schema = capability!.inputs.properties[name];
        expect(schema, `input ${name}`).toBeDefined();
        expect(capability!.inputs.required.includes(name), `input ${name} required`).toBe(
          /\brequired\b/.test(description),
        );
        const kind = /^[a-z]+/.exec(description)?.[0] ?? '';
        const types = [schema!.type ?? []].flat();
        const listed = choices(description);
        if (listed)
          expect([...(schema!.enum ?? [])].sort(), `input ${name} choices`).toEqual(
            [...listed].sort(),
          );
        else if (isDataType(kind))
          expect(dataTypeOfSchema(schema!), `input ${name} data type`).toBe(kind);
        else if (kind === 'integer' || kind === 'array' || kind === 'object')
          expect(types).toContain(kind);
        else if (kind === 'column') expect(types).toContain('string');
        else
          throw new Error(
            `input ${name}: the contract's "${description}" names no type this test knows`,
          );
        const fallback = /default (\S+?)\)?$/.exec(description)?.[1];
        if (fallback !== undefined) {
          expect(schema!.default, `input ${name} default`).toEqual(
            /^\d+$/.test(fallback) ? Number(fallback) : fallback,
          );
        }
      }

      expect(Object.keys(capability!.outputs).sort()).toEqual([...row.outputs.keys()].sort());
      for (const [name, description] of row.outputs) {
        expect(capability!.outputs[name]!.type, `output ${name} type`).toBe(
          /^[a-z]+/.exec(description)?.[0],
        );
      }
    });
  }
});
