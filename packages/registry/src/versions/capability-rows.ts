import { dataTypeOfSchema, type PluginManifest } from '@mark1/sdk';
import type { NewPluginCapability } from '@mark1/storage';

/** The `plugin_capabilities` rows of a manifest: input and output data types, the input schema, tags. */
export function capabilityRows(manifest: PluginManifest): NewPluginCapability[] {
  return manifest.capabilities.map((capability) => ({
    name: capability.name,
    description: capability.description || null,
    inputTypes: [...new Set(Object.values(capability.inputs.properties).map(dataTypeOfSchema))],
    outputTypes: [...new Set(Object.values(capability.outputs).map((output) => output.type))],
    parameters: capability.inputs as unknown as Record<string, unknown>,
    tags: [
      ...capability.tags,
      ...manifest.plugin.tags.filter((tag) => !capability.tags.includes(tag)),
    ],
  }));
}
