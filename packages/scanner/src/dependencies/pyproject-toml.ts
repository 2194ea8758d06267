import type { DependencyFact } from '../profile/repository-profile';
import { type ManifestReading, emptyReading } from './manifest-reading';
import { normalizeName, parseRequirement } from './pep508';
import { type TomlValue, parseToml, tomlTable } from './toml';

function strings(value: TomlValue | undefined): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

/** A Poetry dependency: `"^1.2"`, `{ version = "^1.2", extras = [...], optional = true }`, `{ git = "..." }`. */
function poetryDependency(
  name: string,
  value: TomlValue,
  source: string,
  scope: DependencyFact['scope'],
): DependencyFact {
  if (typeof value === 'string') {
    return {
      name: normalizeName(name),
      ...(value !== '*' ? { version: value } : {}),
      spec: `${name} ${value}`.trim(),
      ecosystem: 'pypi',
      scope,
      source,
    };
  }
  const details = tomlTable(value) ?? {};
  const version = typeof details.version === 'string' ? details.version : undefined;
  const optional = details.optional === true;
  const where =
    typeof details.git === 'string'
      ? details.git
      : typeof details.path === 'string'
        ? details.path
        : typeof details.url === 'string'
          ? details.url
          : '';
  return {
    name: normalizeName(name),
    ...(version && version !== '*' ? { version } : {}),
    spec: `${name} ${version ?? where}`.trim(),
    ecosystem: 'pypi',
    scope: optional ? 'optional' : scope,
    source,
  };
}

function poetryGroup(
  deps: TomlValue | undefined,
  source: string,
  scope: DependencyFact['scope'],
  into: DependencyFact[],
): string | undefined {
  let python: string | undefined;
  for (const [name, value] of Object.entries(tomlTable(deps) ?? {})) {
    if (name.toLowerCase() === 'python') {
      if (typeof value === 'string') python = value;
      continue;
    }
    into.push(poetryDependency(name, value, source, scope));
  }
  return python;
}

/**
 * Reads `pyproject.toml`: PEP 621 `[project]` (dependencies, optional-dependencies, requires-python,
 * scripts), PEP 735 `[dependency-groups]`, Poetry `[tool.poetry]` (dependencies, groups, scripts,
 * python), and uv dev-dependencies. Throws a TomlSyntaxError on malformed TOML.
 */
export function readPyprojectToml(text: string, source: string): ManifestReading {
  const document = parseToml(text);
  const reading = emptyReading();
  const project = tomlTable(document.project);
  const poetry = tomlTable(tomlTable(document.tool)?.poetry);
  if (project) {
    for (const requirement of strings(project.dependencies)) {
      const fact = parseRequirement(requirement, source, 'runtime');
      if (fact) reading.dependencies.push(fact);
    }
    for (const group of Object.values(tomlTable(project['optional-dependencies']) ?? {})) {
      for (const requirement of strings(group)) {
        const fact = parseRequirement(requirement, source, 'optional');
        if (fact) reading.dependencies.push(fact);
      }
    }
    if (typeof project['requires-python'] === 'string') reading.python = project['requires-python'];
    for (const [kind, key] of [
      ['console-script', 'scripts'],
      ['gui-script', 'gui-scripts'],
    ] as const) {
      for (const [name, target] of Object.entries(tomlTable(project[key]) ?? {})) {
        if (typeof target === 'string') reading.scripts.push({ name, target, source, kind });
      }
    }
    const license =
      typeof project.license === 'string'
        ? project.license
        : typeof tomlTable(project.license)?.text === 'string'
          ? (tomlTable(project.license)!.text as string)
          : undefined;
    const urls = tomlTable(project.urls);
    const homepage = urls
      ? Object.values(urls).find((u): u is string => typeof u === 'string')
      : undefined;
    reading.project = {
      ...(typeof project.name === 'string' ? { name: project.name } : {}),
      ...(typeof project.version === 'string' ? { version: project.version } : {}),
      ...(typeof project.description === 'string' ? { description: project.description } : {}),
      ...(license ? { license } : {}),
      ...(homepage ? { homepage } : {}),
    };
  }
  for (const group of Object.values(tomlTable(document['dependency-groups']) ?? {})) {
    for (const requirement of strings(group)) {
      const fact = parseRequirement(requirement, source, 'dev');
      if (fact) reading.dependencies.push(fact);
    }
  }
  if (poetry) {
    const python = poetryGroup(poetry.dependencies, source, 'runtime', reading.dependencies);
    if (python && !reading.python) reading.python = python;
    poetryGroup(poetry['dev-dependencies'], source, 'dev', reading.dependencies);
    for (const [name, group] of Object.entries(tomlTable(poetry.group) ?? {})) {
      poetryGroup(
        tomlTable(group)?.dependencies,
        source,
        name === 'main' ? 'runtime' : 'dev',
        reading.dependencies,
      );
    }
    for (const [name, target] of Object.entries(tomlTable(poetry.scripts) ?? {})) {
      const value =
        typeof target === 'string'
          ? target
          : typeof tomlTable(target)?.reference === 'string'
            ? (tomlTable(target)!.reference as string)
            : undefined;
      if (value && !reading.scripts.some((s) => s.name === name))
        reading.scripts.push({ name, target: value, source, kind: 'console-script' });
    }
    if (!project) {
      reading.project = {
        ...(typeof poetry.name === 'string' ? { name: poetry.name } : {}),
        ...(typeof poetry.version === 'string' ? { version: poetry.version } : {}),
        ...(typeof poetry.description === 'string' ? { description: poetry.description } : {}),
        ...(typeof poetry.license === 'string' ? { license: poetry.license } : {}),
        ...(typeof poetry.homepage === 'string' ? { homepage: poetry.homepage } : {}),
      };
    }
  }
  for (const requirement of strings(
    tomlTable(tomlTable(document.tool)?.uv)?.['dev-dependencies'],
  )) {
    const fact = parseRequirement(requirement, source, 'dev');
    if (fact) reading.dependencies.push(fact);
  }
  return reading;
}
