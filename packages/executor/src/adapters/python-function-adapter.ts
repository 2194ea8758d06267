import { isAbsolute, relative, resolve } from 'node:path';
import type { PythonFunctionEntryPoint } from '@mark1/sdk';
import { ExecutorErrorCodes, executorError } from '../errors';
import { pythonRuntime } from '../invocation/runtimes';
import { locateShims } from '../shims/shim-paths';
import type { Adapter } from './adapter';
import { callThroughShim } from './function-call';

/**
 * The entry point's `python_path` folders as absolute paths inside the plugin folder; a folder
 * that climbs out of it is refused (a manifest cannot put the host's folders on the import path).
 */
export function pythonPathOf(
  entry: PythonFunctionEntryPoint,
  pluginDir: string,
  what: string,
): string[] {
  return (entry.python_path ?? []).map((folder) => {
    const absolute = resolve(pluginDir, folder);
    const inside = relative(pluginDir, absolute);
    if (inside.startsWith('..') || isAbsolute(inside)) {
      throw executorError(
        ExecutorErrorCodes.ENTRY_POINT_UNSUPPORTED,
        `${what}: python_path "${folder}" is outside the plugin folder; name folders of the plugin, such as "src".`,
      );
    }
    return absolute;
  });
}

/**
 * `python_function`: the plugin's Python (its virtualenv, else the real `python3`) runs the shim,
 * which imports `module` from the plugin folder and calls `function(**inputs)` (`Class.method`
 * instantiates `Class()` first).
 */
export const pythonFunctionAdapter: Adapter<'python_function'> = {
  type: 'python_function',
  async run(entry: PythonFunctionEntryPoint, context) {
    const python = await pythonRuntime(context.plugin.environment);
    const shims = locateShims();
    return callThroughShim(context, {
      argv: [python.executable, '-B', shims.python],
      node: false,
      readOnly: [...python.prefixes, shims.dir],
      env: { PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' },
      module: entry.module,
      function: entry.function,
      pythonPath: pythonPathOf(
        entry,
        context.plugin.directory,
        `${context.plugin.name}/${context.capability.name}`,
      ),
    });
  },
};
