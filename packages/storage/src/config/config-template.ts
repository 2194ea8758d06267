import { stringify } from 'yaml';
import { CONFIG_KEY_DEFINITIONS, type ConfigKey } from './config-keys';

/** Values shown (commented out) for keys that are unset by default. */
const EXAMPLES: Partial<Record<ConfigKey, string | number>> = {
  'ollama.base_url': 'http://127.0.0.1:11434',
  'context.ttl': 3600,
};

function scalar(value: string | number | boolean): string {
  return stringify(value).trimEnd();
}

/**
 * The text of a fresh `config.yaml` for the home folder `home`: every key commented out, showing its
 * default (or an example for keys unset by default) with its description and environment variable.
 * Loading it gives exactly the defaults.
 */
export function renderConfigTemplate(home: string): string {
  const lines = [
    '# Mark-1 configuration.',
    '# Each key is commented out and shows its default; uncomment a line to change it.',
    '# An environment variable (shown next to each key) beats this file; relative paths are',
    '# resolved against this folder.',
  ];
  let section: string | undefined;
  for (const definition of CONFIG_KEY_DEFINITIONS) {
    if (!definition.inFile) continue;
    const dot = definition.key.indexOf('.');
    const keySection = dot === -1 ? undefined : definition.key.slice(0, dot);
    const name = dot === -1 ? definition.key : definition.key.slice(dot + 1);
    const indent = keySection ? '  ' : '';
    if (keySection !== section || keySection === undefined) {
      lines.push('');
      if (keySection) lines.push(`${keySection}:`);
      section = keySection;
    }
    const env = definition.env ? ` (env ${definition.env})` : '';
    lines.push(`${indent}# ${definition.description}${env}`);
    const shown = definition.secret
      ? undefined
      : (definition.defaultValue(home) ?? EXAMPLES[definition.key]);
    lines.push(
      shown === undefined ? `${indent}# ${name}:` : `${indent}# ${name}: ${scalar(shown)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
