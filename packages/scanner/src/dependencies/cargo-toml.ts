import type { DependencyFact } from '../profile/repository-profile';
import { type ManifestReading, emptyReading } from './manifest-reading';
import { type TomlValue, parseToml, tomlTable } from './toml';

/** Reads `Cargo.toml`: `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]`, `[package]`. */
export function readCargoToml(text: string, source: string): ManifestReading {
  const document = parseToml(text);
  const reading = emptyReading();
  for (const [key, scope] of [
    ['dependencies', 'runtime'],
    ['dev-dependencies', 'dev'],
    ['build-dependencies', 'dev'],
  ] as const) {
    const table = tomlTable(document[key]);
    if (!table) continue;
    for (const [name, value] of Object.entries(table))
      reading.dependencies.push(crate(name, value, source, scope));
  }
  const pkg = tomlTable(document.package);
  if (pkg) {
    reading.project = {
      ...(typeof pkg.name === 'string' ? { name: pkg.name } : {}),
      ...(typeof pkg.version === 'string' ? { version: pkg.version } : {}),
      ...(typeof pkg.description === 'string' ? { description: pkg.description } : {}),
      ...(typeof pkg.license === 'string' ? { license: pkg.license } : {}),
    };
  }
  return reading;
}

function crate(
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
  const optional = typeof value === 'object' && !Array.isArray(value) && value.optional === true;
  return {
    name,
    ...(version ? { version } : {}),
    spec: `${name} ${version ?? ''}`.trim(),
    ecosystem: 'cargo',
    scope: optional ? 'optional' : scope,
    source,
  };
}
