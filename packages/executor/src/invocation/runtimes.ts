import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PluginEnvironment } from '@mark1/sdk';
import { ExecutorErrorCodes, executorError } from '../errors';
import { findExecutable, splitPath } from '../sandbox/find-executable';

/** An interpreter and the folders it needs to be visible (read-only) in the sandbox. */
export interface Runtime {
  /** Absolute path of the interpreter (never a shim such as pyenv's `python3`). */
  readonly executable: string;
  /** Install prefixes to mount read-only (system folders such as /usr are shared anyway). */
  readonly prefixes: readonly string[];
}

const pythons = new Map<string, Promise<Runtime>>();

function askPython(executable: string): Promise<Runtime> {
  const script =
    'import sys, json; print(json.dumps([sys.executable, sys.prefix, sys.base_prefix]))';
  return new Promise((resolve, reject) => {
    execFile(
      executable,
      ['-c', script],
      { timeout: 15_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            executorError(
              ExecutorErrorCodes.SPAWN_FAILED,
              `Python at ${executable} could not be started (${(stderr || error.message).trim().split('\n').pop()}). Install python3, or reinstall the plugin so its environment is rebuilt.`,
              { cause: error, details: { executable } },
            ),
          );
          return;
        }
        try {
          const [real, prefix, basePrefix] = JSON.parse(stdout.trim()) as [string, string, string];
          resolve({ executable: real, prefixes: [...new Set([prefix, basePrefix])] });
        } catch (parseError) {
          reject(
            executorError(
              ExecutorErrorCodes.SPAWN_FAILED,
              `${executable} did not answer like a Python interpreter.`,
              { cause: parseError },
            ),
          );
        }
      },
    );
  });
}

/**
 * The Python to run a plugin with: its environment's interpreter (its virtualenv) when it has
 * one, else the real interpreter behind `python3` on PATH (asked for `sys.executable` once and
 * cached, so pyenv-style shims are not paid for on every call).
 */
export function pythonRuntime(environment: PluginEnvironment): Promise<Runtime> {
  const wanted = environment.pythonExecutable ?? 'python3';
  let runtime = pythons.get(wanted);
  if (!runtime) {
    const executable =
      environment.pythonExecutable ?? findExecutable('python3', splitPath(process.env.PATH));
    runtime = executable
      ? askPython(executable)
      : Promise.reject(
          executorError(
            ExecutorErrorCodes.SPAWN_FAILED,
            'No Python interpreter: python3 is not on PATH. Install Python 3, or install the plugin with its own environment.',
          ),
        );
    pythons.set(wanted, runtime);
    runtime.catch(() => pythons.delete(wanted));
  }
  return runtime;
}

/** The Node.js to run a plugin with: its environment's, else the one running Mark-1. */
export function nodeRuntime(environment: PluginEnvironment): Runtime {
  const executable = environment.nodeExecutable ?? process.execPath;
  let real = executable;
  try {
    real = realpathSync(executable);
  } catch {
    // Reported when it is started.
  }
  return { executable, prefixes: [dirname(dirname(real))] };
}
