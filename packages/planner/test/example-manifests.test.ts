import { join } from 'node:path';
import { type Capability, dataTypeOfSchema, readManifestFile } from '@mark1/sdk';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_PLUGINS, loadExampleManifests } from '../eval/load-eval-data';

/** What the contract (examples/plugins/README.md) fixes for a capability: names and types. */
function contractOf(capability: Capability) {
  const required = new Set(capability.inputs.required);
  return {
    name: capability.name,
    requiredInputs: Object.entries(capability.inputs.properties)
      .filter(([name, schema]) => required.has(name) && schema.default === undefined)
      .map(([name, schema]) => `${name}: ${dataTypeOfSchema(schema)}`)
      .sort(),
    outputs: Object.entries(capability.outputs)
      .map(([name, output]) => `${name}: ${output.type}`)
      .sort(),
  };
}

describe('the example plugins the planner is tested and evaluated against', () => {
  const examples = loadExampleManifests();

  it('are the real manifests of examples/plugins, all eight', () => {
    expect(examples.real).toEqual([...EXAMPLE_PLUGINS]);
    expect(examples.fromContract).toEqual([]);
  });

  it.each(EXAMPLE_PLUGINS)(
    '%s follows the contract (capability, required inputs, outputs)',
    (name) => {
      const real = examples.manifests.find((manifest) => manifest.plugin.name === name)!;
      const contract = readManifestFile(
        join(import.meta.dirname, 'fixtures', 'example-plugins', name, 'mark1.plugin.yml'),
      ).manifest;
      expect(real.capabilities.map(contractOf)).toEqual(contract.capabilities.map(contractOf));
      const optionalContractInputs = contract.capabilities.flatMap((capability) =>
        Object.keys(capability.inputs.properties),
      );
      for (const input of optionalContractInputs) {
        expect(Object.keys(real.capabilities[0]!.inputs.properties)).toContain(input);
      }
    },
  );
});
