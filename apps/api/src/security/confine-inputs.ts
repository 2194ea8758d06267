import {
  hasTemplate,
  isPathInput,
  type CapabilityCatalog,
  type InputSchema,
  type Workflow,
} from '@mark1/sdk';
import type { PathGuard } from './allowed-paths';

function confineValue(paths: PathGuard, value: unknown, what: string): unknown {
  if (typeof value === 'string') return hasTemplate(value) ? value : paths.confine(value, what);
  if (Array.isArray(value))
    return value.map((item, index) => confineValue(paths, item, `${what}[${index}]`));
  return value;
}

function confineBySchema(
  paths: PathGuard,
  properties: Readonly<Record<string, InputSchema>>,
  values: Readonly<Record<string, unknown>>,
  where: string,
): Record<string, unknown> {
  const confined: Record<string, unknown> = { ...values };
  for (const [name, schema] of Object.entries(properties)) {
    if (values[name] !== undefined && isPathInput(schema))
      confined[name] = confineValue(paths, values[name], `${where}.${name}`);
  }
  return confined;
}

/**
 * The inputs of a capability call with every path input (a path format or a file-like data type)
 * checked to lie under an allowed folder and replaced by its real path. Unknown plugins or
 * capabilities are left to the executor, which names them in its error.
 */
export function confinePathInputs(
  paths: PathGuard,
  catalog: CapabilityCatalog,
  plugin: string,
  capability: string,
  inputs: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const entry = catalog.find(plugin, capability);
  if (!entry) return { ...inputs };
  return confineBySchema(paths, entry.capability.inputs.properties, inputs, 'inputs');
}

/**
 * Checks the paths a workflow run would read: values (and defaults) of workflow inputs declared as
 * paths, and literal values written into steps for their capability's path inputs. Returns the
 * inputs with real paths; throws `PATH_NOT_ALLOWED` for a path outside the allowed folders.
 */
export function confineWorkflowPaths(
  paths: PathGuard,
  catalog: CapabilityCatalog,
  workflow: Workflow,
  inputs: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const confined: Record<string, unknown> = { ...inputs };
  for (const [name, spec] of Object.entries(workflow.inputs)) {
    const { required: _required, ...schema } = spec;
    if (!isPathInput(schema as InputSchema)) continue;
    if (inputs[name] !== undefined)
      confined[name] = confineValue(paths, inputs[name], `inputs.${name}`);
    else if (spec.default !== undefined)
      confineValue(paths, spec.default, `workflow input ${name} (default)`);
  }
  for (const step of workflow.steps) {
    const entry = catalog.find(step.plugin, step.capability);
    if (!entry) continue;
    confineBySchema(
      paths,
      entry.capability.inputs.properties,
      step.inputs,
      `steps.${step.id}.inputs`,
    );
  }
  return confined;
}
