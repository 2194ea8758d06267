import type { DependencyFact } from '../profile/repository-profile';
import { type ManifestReading, emptyReading } from './manifest-reading';

const SCOPES: readonly [string, DependencyFact['scope']][] = [
  ['dependencies', 'runtime'],
  ['devDependencies', 'dev'],
  ['peerDependencies', 'peer'],
  ['optionalDependencies', 'optional'],
];

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The fields of a `package.json` the scanner uses besides dependencies. */
export interface PackageJsonExtras {
  main?: string;
  module?: string;
  type?: string;
  exports?: unknown;
}

/**
 * Reads `package.json`: dependencies by scope, `engines.node`, `bin` (string or map), `scripts`,
 * `packageManager`, and the package's name/version/description/license. Throws on invalid JSON.
 */
export function readPackageJson(
  text: string,
  source: string,
): ManifestReading & { extras: PackageJsonExtras } {
  const json = record(JSON.parse(text)) ?? {};
  const reading = emptyReading();
  for (const [key, scope] of SCOPES) {
    for (const [name, version] of Object.entries(record(json[key]) ?? {})) {
      if (typeof version !== 'string') continue;
      reading.dependencies.push({
        name,
        version,
        spec: `${name}@${version}`,
        ecosystem: 'npm',
        scope,
        source,
      });
    }
  }
  const engines = record(json.engines);
  if (typeof engines?.node === 'string') reading.node = engines.node;
  const name = typeof json.name === 'string' ? json.name : undefined;
  if (typeof json.bin === 'string' && name) {
    reading.scripts.push({
      name: name.replace(/^@[^/]+\//, ''),
      target: json.bin,
      source,
      kind: 'bin',
    });
  } else {
    for (const [binName, target] of Object.entries(record(json.bin) ?? {})) {
      if (typeof target === 'string')
        reading.scripts.push({ name: binName, target, source, kind: 'bin' });
    }
  }
  for (const [scriptName, command] of Object.entries(record(json.scripts) ?? {})) {
    if (typeof command === 'string')
      reading.scripts.push({ name: scriptName, target: command, source, kind: 'npm-script' });
  }
  if (typeof json.packageManager === 'string') {
    const manager = /^(npm|yarn|pnpm|bun)@/.exec(json.packageManager)?.[1];
    if (manager) reading.packageManager = manager as NonNullable<ManifestReading['packageManager']>;
  }
  const repository =
    typeof json.repository === 'string'
      ? json.repository
      : typeof record(json.repository)?.url === 'string'
        ? (record(json.repository)!.url as string)
        : undefined;
  reading.project = {
    ...(name ? { name } : {}),
    ...(typeof json.version === 'string' ? { version: json.version } : {}),
    ...(typeof json.description === 'string' ? { description: json.description } : {}),
    ...(typeof json.license === 'string' ? { license: json.license } : {}),
    ...(typeof json.homepage === 'string'
      ? { homepage: json.homepage }
      : repository
        ? { homepage: repository }
        : {}),
  };
  const extras: PackageJsonExtras = {
    ...(typeof json.main === 'string' ? { main: json.main } : {}),
    ...(typeof json.module === 'string' ? { module: json.module } : {}),
    ...(typeof json.type === 'string' ? { type: json.type } : {}),
    ...(json.exports !== undefined ? { exports: json.exports } : {}),
  };
  const exportsRoot =
    record(json.exports)?.['.'] ?? (typeof json.exports === 'string' ? json.exports : undefined);
  const exportTargets =
    typeof exportsRoot === 'string'
      ? [exportsRoot]
      : Object.values(record(exportsRoot) ?? {}).filter((v): v is string => typeof v === 'string');
  const entries = [extras.main, extras.module, ...exportTargets].filter(
    (entry): entry is string => typeof entry === 'string',
  );
  return {
    ...reading,
    extras,
    libraryEntries: [...new Set(entries.map((entry) => entry.replace(/^\.\//, '')))],
  };
}
