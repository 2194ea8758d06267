import type { NodeFunctionEntryPoint } from '@mark1/sdk';
import { nodeRuntime } from '../invocation/runtimes';
import { locateShims } from '../shims/shim-paths';
import type { Adapter } from './adapter';
import { callThroughShim } from './function-call';

/**
 * `node_function`: the plugin's Node runs the shim, which imports `module` from the plugin folder
 * and calls the export with the inputs as one object; a `definePlugin()` export is dispatched by
 * capability name.
 */
export const nodeFunctionAdapter: Adapter<'node_function'> = {
  type: 'node_function',
  async run(entry: NodeFunctionEntryPoint, context) {
    const node = nodeRuntime(context.plugin.environment);
    const shims = locateShims();
    return callThroughShim(context, {
      argv: [node.executable, shims.node],
      node: true,
      readOnly: [...node.prefixes, shims.dir],
      module: entry.module,
      function: entry.function,
    });
  },
};
