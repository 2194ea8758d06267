import type { DependencyFact } from '../profile/repository-profile';
import { type ManifestReading, emptyReading } from './manifest-reading';
import { normalizeName } from './pep508';
import { type TomlValue, parseToml, tomlTable } from './toml';

function dependency(
  name: string,
  value: TomlValue,
  source: string,
  scope: DependencyFact['scope'],
): DependencyFact {
  const version =
    typeof value === 'string'
      ? value
      : typeof value === 'object' && !Array.isArray(value) && typeof value.version === 'string'
        ? value.version
        : undefined;
  return {
    name: normalizeName(name),
    ...(version && version !== '*' ? { version } : {}),
    spec: `${name}${version && version !== '*' ? version : ''}`,
    ecosystem: 'pypi',
    scope,
    source,
  };
}

/** Reads a `Pipfile`: `[packages]`, `[dev-packages]`, `[requires] python_version`. */
export function readPipfile(text: string, source: string): ManifestReading {
  const document = parseToml(text);
  const reading = emptyReading();
  for (const [key, scope] of [
    ['packages', 'runtime'],
    ['dev-packages', 'dev'],
  ] as const) {
    const packages = tomlTable(document[key]);
    if (!packages) continue;
    for (const [name, value] of Object.entries(packages))
      reading.dependencies.push(dependency(name, value, source, scope));
  }
  const requires = tomlTable(document.requires);
  if (requires) {
    const python = requires.python_version ?? requires.python_full_version;
    if (typeof python === 'string') reading.python = python;
  }
  return reading;
}
