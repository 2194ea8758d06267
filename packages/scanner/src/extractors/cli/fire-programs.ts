import type {
  CliCommandFact,
  CliOptionFact,
  CliProgramFact,
  FunctionFact,
  ParameterFact,
} from '../../profile/file-facts';
import type { SourceModel } from '../../languages/source-model';
import { isListAnnotation, valueTypeOfAnnotation } from './python-value-types';

/** A function parameter as a python-fire flag (fire accepts `--name value` for every parameter). */
export function fireOption(parameter: ParameterFact, line: number): CliOptionFact | undefined {
  if (parameter.kind === 'variadic' || parameter.kind === 'variadic-keyword') return undefined;
  let valueType = valueTypeOfAnnotation(parameter.annotation);
  if (!valueType && parameter.default !== undefined && parameter.default !== null) {
    const value = parameter.default;
    valueType =
      typeof value === 'boolean'
        ? 'boolean'
        : typeof value === 'number'
          ? Number.isInteger(value)
            ? 'integer'
            : 'number'
          : typeof value === 'string'
            ? 'string'
            : undefined;
  }
  const isFlag = valueType === 'boolean';
  const option: CliOptionFact = {
    name: parameter.name,
    flags: [`--${parameter.name}`],
    positional: false,
    required: !parameter.optional,
    multiple: isListAnnotation(parameter.annotation),
    isFlag,
    line,
  };
  if (valueType) option.valueType = valueType;
  if (parameter.annotation) option.typeText = parameter.annotation;
  if (parameter.default !== undefined && parameter.default !== null)
    option.default = parameter.default;
  if (isFlag) option.negativeFlag = `--no${parameter.name}`;
  if (parameter.description) option.help = parameter.description;
  return option;
}

function commandOf(fn: FunctionFact, path: string[], extra: ParameterFact[] = []): CliCommandFact {
  const options = [...extra, ...fn.parameters]
    .map((p) => fireOption(p, fn.line))
    .filter((o): o is CliOptionFact => o !== undefined);
  const summary = fn.docstring?.split(/\n\s*\n/)[0]?.replace(/\s+/g, ' ');
  return {
    path,
    line: fn.line,
    functionName: fn.qualifiedName,
    ...(summary ? { description: summary } : {}),
    options,
  };
}

/**
 * python-fire programs: `fire.Fire(fn)` (one command), `fire.Fire(Class)` (a command per public
 * method, constructor parameters as flags), `fire.Fire({"name": fn})`, and `fire.Fire()` (every public
 * function of the module).
 */
export function extractFirePrograms(
  model: SourceModel,
  functions: readonly FunctionFact[],
): CliProgramFact[] {
  const programs: CliProgramFact[] = [];
  const topLevel = functions.filter((fn) => fn.kind === 'function' && fn.topLevel);
  const byName = new Map(topLevel.map((fn) => [fn.name, fn]));
  for (const site of model.calls) {
    if (site.callee !== 'fire.Fire') continue;
    const target = model.valueOf(site.args[0] ?? site.keywords.get('component'));
    const commands: CliCommandFact[] = [];
    let variable: string | undefined;
    if (!target) {
      for (const fn of topLevel)
        if (fn.public && !fn.name.startsWith('_') && fn.name !== 'main')
          commands.push(commandOf(fn, [fn.name]));
    } else if (target.kind === 'reference') {
      variable = target.name;
      const fn = byName.get(target.name);
      if (fn) {
        commands.push(commandOf(fn, []));
      } else {
        const methods = functions.filter((m) => m.className === target.name && m.topLevel);
        const init = methods.find((m) => m.name === '__init__');
        for (const method of methods) {
          if (method.name.startsWith('_')) continue;
          commands.push(commandOf(method, [method.name], init?.parameters ?? []));
        }
      }
    } else if (target.kind === 'dict') {
      for (const entry of target.entries) {
        const fn = entry.value.kind === 'reference' ? byName.get(entry.value.name) : undefined;
        if (fn) commands.push(commandOf(fn, [entry.key]));
      }
    }
    programs.push({
      framework: 'fire',
      line: site.line,
      ...(variable ? { variable } : {}),
      commands,
    });
  }
  return programs;
}
