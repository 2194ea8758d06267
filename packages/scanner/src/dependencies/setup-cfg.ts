import { type ManifestReading, emptyReading } from './manifest-reading';
import { parseRequirement } from './pep508';
import { parseEntryPoint } from './setup-py';

/** Reads an INI file into sections of keys; continuation lines (indented) join the previous value. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let section = new Map<string, string>();
  sections.set('', section);
  let lastKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw) || raw.trim() === '') {
      if (raw.trim() === '') lastKey = undefined;
      continue;
    }
    const header = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      section = new Map();
      sections.set(header[1]!.trim(), section);
      lastKey = undefined;
      continue;
    }
    if (/^\s/.test(raw) && lastKey !== undefined) {
      section.set(lastKey, `${section.get(lastKey)}\n${raw.trim()}`);
      continue;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (pair) {
      lastKey = pair[1]!.trim();
      section.set(lastKey, pair[2]!.trim());
    }
  }
  return sections;
}

function lines(value: string | undefined): string[] {
  return (value ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

/** Reads `setup.cfg`: `[options]` install_requires and python_requires, extras, console scripts, `[metadata]`. */
export function readSetupCfg(text: string, source: string): ManifestReading {
  const reading = emptyReading();
  const ini = parseIni(text);
  const options = ini.get('options');
  for (const requirement of lines(options?.get('install_requires'))) {
    const fact = parseRequirement(requirement, source, 'runtime');
    if (fact) reading.dependencies.push(fact);
  }
  for (const requirement of [...(ini.get('options.extras_require')?.values() ?? [])].flatMap(
    lines,
  )) {
    const fact = parseRequirement(requirement, source, 'optional');
    if (fact) reading.dependencies.push(fact);
  }
  const pythonRequires = options?.get('python_requires');
  if (pythonRequires) reading.python = pythonRequires;
  const entryPoints = ini.get('options.entry_points');
  for (const [group, kind] of [
    ['console_scripts', 'console-script'],
    ['gui_scripts', 'gui-script'],
  ] as const) {
    for (const line of lines(entryPoints?.get(group))) {
      const entry = parseEntryPoint(line);
      if (entry) reading.scripts.push({ ...entry, source, kind });
    }
  }
  const metadata = ini.get('metadata');
  if (metadata) {
    reading.project = {
      ...(metadata.get('name') ? { name: metadata.get('name')! } : {}),
      ...(metadata.get('version') && !metadata.get('version')!.startsWith('attr:')
        ? { version: metadata.get('version')! }
        : {}),
      ...(metadata.get('description') ? { description: metadata.get('description')! } : {}),
      ...(metadata.get('license') ? { license: metadata.get('license')! } : {}),
      ...(metadata.get('url') ? { homepage: metadata.get('url')! } : {}),
    };
  }
  return reading;
}
