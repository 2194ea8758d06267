import { type JsonValue, literalOf } from '../profile/static-value';
import { parseSource } from '../languages/parse-source';
import { type ManifestReading, emptyReading } from './manifest-reading';
import { parseRequirement } from './pep508';

function stringList(value: JsonValue | undefined): string[] {
  if (typeof value === 'string')
    return value
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

/** Parses an entry point line `name = pkg.module:func [extra]`. */
export function parseEntryPoint(line: string): { name: string; target: string } | undefined {
  const match = /^\s*([\w.-]+)\s*=\s*([\w.]+(?::[\w.]+)?)/.exec(line);
  return match ? { name: match[1]!, target: match[2]! } : undefined;
}

/**
 * Reads the `setup(...)` call of a `setup.py` statically (never runs it): `install_requires`,
 * `extras_require`, `python_requires`, `entry_points` console scripts, name, version, description.
 * Values built at run time (read from files, computed) are not seen.
 */
export function readSetupPy(text: string, source: string): ManifestReading {
  const reading = emptyReading();
  const model = parseSource(text, 'python');
  for (const call of model.root.descendantsOfType('call')) {
    const fn = call.childForFieldName('function');
    if (!fn || !/(^|\.)setup$/.test(model.textOf(fn))) continue;
    const kwargs = new Map<string, JsonValue | undefined>();
    for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) {
      if (argument.type !== 'keyword_argument') continue;
      const name = argument.childForFieldName('name');
      const value = argument.childForFieldName('value');
      if (name && value) kwargs.set(model.textOf(name), literalOf(model.valueOf(value)));
    }
    for (const requirement of stringList(kwargs.get('install_requires'))) {
      const fact = parseRequirement(requirement, source, 'runtime');
      if (fact) reading.dependencies.push(fact);
    }
    const extras = kwargs.get('extras_require');
    if (extras && typeof extras === 'object' && !Array.isArray(extras)) {
      for (const group of Object.values(extras)) {
        for (const requirement of stringList(group)) {
          const fact = parseRequirement(requirement, source, 'optional');
          if (fact) reading.dependencies.push(fact);
        }
      }
    }
    const pythonRequires = kwargs.get('python_requires');
    if (typeof pythonRequires === 'string') reading.python = pythonRequires;
    const entryPoints = kwargs.get('entry_points');
    if (entryPoints && typeof entryPoints === 'object' && !Array.isArray(entryPoints)) {
      for (const [group, kind] of [
        ['console_scripts', 'console-script'],
        ['gui_scripts', 'gui-script'],
      ] as const) {
        for (const line of stringList(entryPoints[group])) {
          const entry = parseEntryPoint(line);
          if (entry) reading.scripts.push({ ...entry, source, kind });
        }
      }
    }
    const text = (key: string): string | undefined => {
      const value = kwargs.get(key);
      return typeof value === 'string' ? value : undefined;
    };
    reading.project = {
      ...(text('name') ? { name: text('name')! } : {}),
      ...(text('version') ? { version: text('version')! } : {}),
      ...(text('description') ? { description: text('description')! } : {}),
      ...(text('license') ? { license: text('license')! } : {}),
      ...(text('url') ? { homepage: text('url')! } : {}),
    };
    break;
  }
  return reading;
}
