import type { FunctionFact, ParameterFact } from '../../profile/file-facts';
import type { CapabilityCandidate, CapabilityParameter } from '../../profile/repository-profile';
import { splitTopLevel } from '../../extractors/cli/python-value-types';
import { type CapabilityContext, type SourceFile, isOffered } from './capability-context';
import { toInputName, toKebabCase } from './capability-names';
import { inferPathShape, shapeOfAnnotation } from './parameter-types';

const FRAMEWORK_DECORATORS =
  /^(\w+\.)?(get|post|put|patch|delete|route|api_route|command|group|callback|tool|task|agent|crew|fixture|option|argument)\b|^(app|router|bp|blueprint|api|cli)\./;

function summaryOf(fn: FunctionFact): string {
  return (
    fn.docstring
      ?.split(/\n\s*\n/)[0]
      ?.replace(/\s+/g, ' ')
      .trim() ?? ''
  );
}

function parameterOf(fact: ParameterFact): CapabilityParameter {
  const { writable, ...shape } = inferPathShape(
    fact.name,
    fact.description,
    shapeOfAnnotation(fact.annotation),
  ) as ReturnType<typeof inferPathShape>;
  let type = shape.type;
  if (!type && fact.default !== undefined && fact.default !== null) {
    type =
      typeof fact.default === 'number'
        ? Number.isInteger(fact.default)
          ? 'integer'
          : 'number'
        : typeof fact.default === 'boolean'
          ? 'boolean'
          : typeof fact.default === 'string'
            ? 'string'
            : Array.isArray(fact.default)
              ? 'array'
              : 'object';
  }
  return {
    name: toInputName(fact.name),
    ...shape,
    ...(type ? { type } : {}),
    ...(fact.description ? { description: fact.description } : {}),
    required: !fact.optional,
    ...(fact.default !== undefined && fact.optional ? { default: fact.default } : {}),
    ...(writable ? { writable } : {}),
    binding: { kind: 'keyword' },
  };
}

function isPythonCandidate(file: SourceFile, fn: FunctionFact): boolean {
  if (fn.kind !== 'function' || !fn.topLevel || fn.name.startsWith('_') || fn.name === 'main')
    return false;
  if (fn.decorators.some((decorator) => FRAMEWORK_DECORATORS.test(decorator))) return false;
  const declared = file.facts.declaredAll;
  return !declared || declared.includes(fn.name);
}

/** Public, documented, typed top-level functions of importable Python modules, as `python_function` capabilities. */
function pythonFunctionCapabilities(file: SourceFile): CapabilityCandidate[] {
  const location = file.python;
  if (
    !location ||
    file.facts.cliPrograms.length > 0 ||
    file.facts.mainGuard ||
    file.facts.routes.length > 0
  )
    return [];
  if (location.moduleName.split('.').some((part) => part.startsWith('_') && part !== '__init__'))
    return [];
  const candidates: CapabilityCandidate[] = [];
  // Graph node handlers take the graph's state; they are parts of the agent, not entry points.
  const graphHandlers = new Set(
    file.facts.agents.graphs.flatMap((graph) => [
      ...graph.nodes.map((node) => node.handler ?? node.name),
      ...graph.routers,
    ]),
  );
  for (const fn of file.facts.functions) {
    if (!isPythonCandidate(file, fn) || graphHandlers.has(fn.name)) continue;
    const parameters = fn.parameters.filter(
      (p) => p.kind !== 'variadic' && p.kind !== 'variadic-keyword' && p.kind !== 'positional-only',
    );
    const typed =
      parameters.every((p) => p.annotation !== undefined) &&
      (parameters.length > 0 || fn.returns !== undefined);
    const documented = summaryOf(fn) !== '';
    if (!typed && !documented) continue;
    const notes: string[] = [];
    if (fn.parameters.some((p) => p.kind === 'variadic' || p.kind === 'variadic-keyword'))
      notes.push(`${fn.name} also takes *args/**kwargs, which are not offered as inputs.`);
    if (fn.parameters.some((p) => p.kind === 'positional-only'))
      notes.push(`${fn.name} has positional-only parameters, which a keyword call cannot fill.`);
    candidates.push({
      name: toKebabCase(fn.name),
      description: summaryOf(fn),
      confidence: typed && documented ? 0.6 : 0.45,
      source: 'python-function',
      invocation: {
        kind: 'python_function',
        module: location.moduleName,
        function: fn.name,
        ...(location.importRoot ? { cwd: location.importRoot } : {}),
      },
      parameters: parameters.map(parameterOf),
      outputsJson: false,
      ...(fn.returns ? { returns: fn.returns } : {}),
      examples: [],
      evidence: [
        {
          file: file.path,
          line: fn.line,
          detail: `def ${fn.name}(${fn.parameters.map((p) => p.name).join(', ')})${fn.returns ? ` -> ${fn.returns}` : ''}`,
        },
      ],
      notes,
    });
  }
  return candidates;
}

/** The properties of a destructured object parameter (`{ name, times = 1 }: { name: string; times?: number }`). */
export function destructuredProperties(parameter: ParameterFact): ParameterFact[] {
  const pattern = /^\{(.*)\}$/s.exec(parameter.name.trim())?.[1];
  if (pattern === undefined) return [];
  const types = new Map<string, { type: string; optional: boolean }>();
  const annotation = /^\{(.*)\}$/s.exec(parameter.annotation?.trim() ?? '')?.[1];
  if (annotation) {
    for (const member of splitTopLevel(annotation.replace(/;/g, ','))) {
      const match = /^\s*([\w$]+)(\?)?\s*:\s*(.+?)\s*$/s.exec(member);
      if (match) types.set(match[1]!, { type: match[3]!, optional: match[2] === '?' });
    }
  }
  const properties: ParameterFact[] = [];
  for (const part of splitTopLevel(pattern)) {
    const match = /^\s*([\w$]+)\s*(?::\s*[\w$]+)?\s*(?:=\s*(.+?))?\s*$/s.exec(part);
    if (!match || part.trim().startsWith('...')) continue;
    const name = match[1]!;
    const defaultText = match[2];
    const typed = types.get(name);
    let defaultValue: ParameterFact['default'];
    if (defaultText !== undefined) {
      try {
        defaultValue = JSON.parse(
          defaultText.replace(/^'(.*)'$/, '"$1"'),
        ) as ParameterFact['default'];
      } catch {
        defaultValue = undefined;
      }
    }
    properties.push({
      name,
      kind: 'positional',
      optional: defaultText !== undefined || typed?.optional === true,
      ...(typed ? { annotation: typed.type } : {}),
      ...(defaultText !== undefined ? { defaultText } : {}),
      ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    });
  }
  return properties;
}

/**
 * Exported, documented JavaScript functions that take one options object (or nothing), as
 * `node_function` capabilities (the executor calls them with the inputs as one object).
 */
function nodeFunctionCapabilities(file: SourceFile): CapabilityCandidate[] {
  if (
    !/\.(c|m)?js$/.test(file.path) ||
    file.facts.cliPrograms.length > 0 ||
    file.facts.routes.length > 0 ||
    file.facts.shebang ||
    file.facts.mainGuard
  )
    return [];
  const candidates: CapabilityCandidate[] = [];
  for (const fn of file.facts.functions) {
    if (!fn.exported || !fn.topLevel || fn.kind === 'method' || !fn.docstring) continue;
    if (fn.parameters.length > 1) continue;
    const only = fn.parameters[0];
    const properties = only ? destructuredProperties(only) : [];
    if (only && properties.length === 0) continue;
    const exportName = file.facts.exports.find((e) => e.name === fn.name) ? fn.name : 'default';
    candidates.push({
      name: toKebabCase(fn.name),
      description: summaryOf(fn),
      confidence: 0.55,
      source: 'node-function',
      invocation: { kind: 'node_function', module: `./${file.path}`, function: exportName },
      parameters: properties.map(parameterOf),
      outputsJson: false,
      ...(fn.returns ? { returns: fn.returns } : {}),
      examples: [],
      evidence: [{ file: file.path, line: fn.line, detail: `export function ${fn.name}` }],
      notes: fn.async ? [`${fn.name} is async; the executor's shim must await it.`] : [],
    });
  }
  return candidates;
}

/** Function capabilities of a repository: typed, documented Python functions and JS functions taking an options object. */
export function functionCapabilities(context: CapabilityContext): CapabilityCandidate[] {
  const candidates: CapabilityCandidate[] = [];
  for (const file of context.files.values()) {
    if (!isOffered(file)) continue;
    candidates.push(
      ...(file.facts.language === 'python'
        ? pythonFunctionCapabilities(file)
        : nodeFunctionCapabilities(file)),
    );
  }
  return candidates;
}
