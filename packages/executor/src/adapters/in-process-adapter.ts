import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDefinedPlugin, Mark1Error, type NodeFunctionEntryPoint } from '@mark1/sdk';
import { ExecutorErrorCodes, executorError } from '../errors';
import type { Adapter } from './adapter';

const EXECUTOR_CODES: ReadonlySet<string> = new Set(Object.values(ExecutorErrorCodes));

const modules = new Map<string, Promise<Record<string, unknown>>>();

async function exportOf(entry: NodeFunctionEntryPoint, directory: string): Promise<unknown> {
  const path = isAbsolute(entry.module) ? entry.module : resolve(directory, entry.module);
  let loading = modules.get(path);
  if (!loading) {
    loading = import(pathToFileURL(path).href) as Promise<Record<string, unknown>>;
    modules.set(path, loading);
    loading.catch(() => modules.delete(path));
  }
  const module = await loading;
  const name = entry.function;
  const found = module[name] ?? (module.default as Record<string, unknown> | undefined)?.[name];
  if (found === undefined) {
    throw executorError(
      ExecutorErrorCodes.PLUGIN_ERROR,
      `${entry.module} has no export "${name}" (exports: ${Object.keys(module).join(', ') || 'none'}).`,
    );
  }
  return found;
}

/**
 * `node_function` inside the orchestrator's own process, with no sandbox and no process start:
 * used only when the manifest (`permissions.in_process: true`) and the user (the executor's
 * `allowInProcess`) both allow it. A timeout stops waiting but cannot stop the code.
 */
export const inProcessAdapter: Adapter<'node_function'> = {
  type: 'node_function',
  async run(entry: NodeFunctionEntryPoint, context) {
    const what = `${context.plugin.name}/${context.capability.name}`;
    const target = await exportOf(entry, context.plugin.directory);
    let timer: NodeJS.Timeout | undefined;
    const call = async () => {
      if (isDefinedPlugin(target)) return target.invoke(context.capability.name, context.inputs);
      if (typeof target === 'function')
        return (target as (inputs: unknown) => unknown)(context.inputs);
      throw executorError(
        ExecutorErrorCodes.PLUGIN_ERROR,
        `${what}: ${entry.function} is not a function or a definePlugin() result.`,
      );
    };
    try {
      const value = await Promise.race([
        call(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                executorError(
                  ExecutorErrorCodes.TIMEOUT,
                  `${what} (in process) did not finish within ${context.timeoutMs / 1000}s.`,
                ),
              ),
            context.timeoutMs,
          );
          context.signal.addEventListener(
            'abort',
            () => reject(executorError(ExecutorErrorCodes.CANCELLED, `${what} was cancelled.`)),
            {
              once: true,
            },
          );
        }),
      ]);
      try {
        return { value: JSON.parse(JSON.stringify(value === undefined ? null : value)) as unknown };
      } catch (error) {
        throw executorError(
          ExecutorErrorCodes.OUTPUT_INVALID,
          `${what} returned a value that is not JSON (${(error as Error).message}).`,
        );
      }
    } catch (error) {
      if (Mark1Error.isInstance(error) && EXECUTOR_CODES.has(error.code)) throw error;
      const thrown = error instanceof Error ? error : new Error(String(error));
      throw executorError(
        ExecutorErrorCodes.PLUGIN_ERROR,
        `${what} raised ${thrown.name}: ${thrown.message}`,
        {
          cause: error,
          details: Mark1Error.isInstance(error) ? { pluginCode: error.code } : {},
        },
      );
    } finally {
      clearTimeout(timer);
    }
  },
};
