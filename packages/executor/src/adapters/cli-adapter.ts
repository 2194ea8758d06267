import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { CliEntryPoint } from '@mark1/sdk';
import { ExecutorErrorCodes, executorError } from '../errors';
import { nodeRuntime, pythonRuntime } from '../invocation/runtimes';
import { asText, renderEntryTemplate } from '../invocation/templates';
import { findExecutable } from '../sandbox/find-executable';
import type { Adapter, AdapterContext } from './adapter';
import { buildCliArgs } from './cli-argv';
import { parseOutputText } from './parse-output';

const PYTHON_NAMES = /^python(?:3(?:\.\d+)?)?$/;
const NODE_NAMES = /^(?:node|nodejs)$/;

function insidePlugin(directory: string, path: string): boolean {
  const rel = relative(directory, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The program to start: the plugin's Python or Node for those names, a plugin file, or a PATH lookup. */
async function resolveProgram(
  name: string,
  context: AdapterContext,
): Promise<{ path: string; python: boolean; node: boolean; readOnly: string[] }> {
  const environment = context.plugin.environment;
  if (PYTHON_NAMES.test(name)) {
    const python = await pythonRuntime(environment);
    return { path: python.executable, python: true, node: false, readOnly: [...python.prefixes] };
  }
  if (NODE_NAMES.test(name)) {
    const node = nodeRuntime(environment);
    return { path: node.executable, python: false, node: true, readOnly: [...node.prefixes] };
  }
  if (name.includes('/')) {
    const path = isAbsolute(name) ? name : resolve(context.plugin.directory, name);
    return { path, python: false, node: false, readOnly: [] };
  }
  const found = findExecutable(name, environment.pathPrepend);
  if (!found) {
    throw executorError(
      ExecutorErrorCodes.SPAWN_FAILED,
      `${context.plugin.name}/${context.capability.name} runs "${name}", which is not installed (not in the plugin's environment nor on the system PATH).`,
      { details: { program: name } },
    );
  }
  return { path: found, python: false, node: false, readOnly: [] };
}

/** `cli`: runs the plugin's program with an argv template, never through a shell. */
export const cliAdapter: Adapter<'cli'> = {
  type: 'cli',
  async run(entry: CliEntryPoint, context) {
    const where = `${context.plugin.name}/${context.capability.name}`;
    const command = entry.command.map((token, index) =>
      asText(renderEntryTemplate(token, context.scope, `${where} command[${index}]`)),
    );
    const program = await resolveProgram(command[0]!, context);
    // `python3 main.py`: a later command token naming a file of the plugin means that file.
    const rest = command.slice(1).map((token) => {
      if (token.startsWith('-') || isAbsolute(token)) return token;
      const candidate = resolve(context.plugin.directory, token);
      return insidePlugin(context.plugin.directory, candidate) && existsSync(candidate)
        ? candidate
        : token;
    });
    const argv = [program.path, ...rest, ...buildCliArgs(entry.args, context.scope, where)];
    let cwd = context.workspace.workDir;
    if (entry.cwd !== undefined) {
      cwd = resolve(context.plugin.directory, entry.cwd);
      if (!insidePlugin(context.plugin.directory, cwd)) {
        throw executorError(
          ExecutorErrorCodes.ENTRY_POINT_UNSUPPORTED,
          `${where}: cwd "${entry.cwd}" leaves the plugin folder; use a folder inside it.`,
        );
      }
    }
    const stdin =
      entry.stdin === undefined
        ? undefined
        : asText(renderEntryTemplate(entry.stdin, context.scope, `${where} stdin`));
    const env: Record<string, string> = {};
    if (program.python)
      Object.assign(env, {
        PYTHONPATH: context.plugin.directory,
        PYTHONDONTWRITEBYTECODE: '1',
        PYTHONUNBUFFERED: '1',
      });
    const result = await context.launcher.run({
      argv,
      cwd,
      ...(stdin === undefined ? {} : { stdin }),
      node: program.node,
      env,
      readOnly: program.readOnly,
    });
    if (result.failure) throw result.failure;
    const value = parseOutputText(result.outcome.stdout.toString('utf8'), entry.stdout, where);
    return { value, ...(result.report ? { sandbox: result.report } : {}) };
  },
};
