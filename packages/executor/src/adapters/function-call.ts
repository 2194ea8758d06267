import { Mark1Error } from '@mark1/sdk';
import { ExecutorErrorCodes, executorError } from '../errors';
import {
  parseShimAnswer,
  type ShimAnswer,
  type ShimRequest,
  shimFailure,
} from '../shims/shim-protocol';
import type { AdapterContext, AdapterResult } from './adapter';

/** How to start a function shim. */
export interface ShimLaunch {
  /** Interpreter and shim, e.g. `[python, -B, mark1_shim.py]`. */
  readonly argv: readonly string[];
  readonly node: boolean;
  readonly readOnly: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly module: string;
  readonly function: string;
  /** Python only: absolute folders put first on the import path. */
  readonly pythonPath?: readonly string[];
}

/**
 * Calls a plugin function through a shim in a child process: the request goes to the shim's fd 4,
 * the answer comes back on fd 3 (validated), the plugin's prints go to the log. A call that never
 * answers fails with the process's own failure (timeout, crash, limits).
 */
export async function callThroughShim(
  context: AdapterContext,
  launch: ShimLaunch,
): Promise<AdapterResult> {
  const what = `${context.plugin.name}/${context.capability.name}`;
  const request: ShimRequest = {
    id: '1',
    plugin_dir: context.plugin.directory,
    module: launch.module,
    function: launch.function,
    capability: context.capability.name,
    inputs: context.inputs,
    ...(launch.pythonPath?.length ? { python_path: launch.pythonPath } : {}),
  };
  let answer: Extract<ShimAnswer, { type: 'result' | 'error' }> | undefined;
  let malformed: Mark1Error | undefined;
  const result = await context.launcher.run({
    argv: launch.argv,
    node: launch.node,
    readOnly: launch.readOnly,
    stdoutToLog: true,
    ...(launch.env ? { env: launch.env } : {}),
    channel: {
      request: JSON.stringify(request),
      onMessage(line) {
        const parsed = parseShimAnswer(line, what);
        if (Mark1Error.isInstance(parsed)) malformed ??= parsed;
        else if (parsed.type === 'progress') context.progress(parsed.message, parsed.fraction);
        else answer ??= parsed;
      },
    },
  });
  const sandbox = result.report ? { sandbox: result.report } : {};
  const exitedCleanly =
    result.outcome.exitCode === 0 && !result.outcome.timedOut && !result.outcome.cancelled;
  if (answer && exitedCleanly) {
    if (answer.type === 'result') return { value: answer.value, ...sandbox };
    throw shimFailure(answer, what, true);
  }
  if (result.failure) throw result.failure;
  if (malformed) throw malformed;
  if (answer?.type === 'error') throw shimFailure(answer, what, true);
  throw executorError(
    ExecutorErrorCodes.OUTPUT_INVALID,
    `${what} ended without returning a result${context.log.tailText() ? `; its log ends with:\n${context.log.tailText()}` : ''}.`,
  );
}
