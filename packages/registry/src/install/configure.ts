import { ENV_NAME_PATTERN, type PluginManifest } from '@mark1/sdk';
import { registryError, RegistryErrorCodes } from '../errors';
import type { Prompter } from '../prompts/prompter';

/**
 * Reads `--env` entries: `KEY=VALUE`, or `KEY` alone to take the value of KEY from `environment`
 * (so secrets need not appear on the command line). Throws `CONFIGURATION_INVALID` naming the bad entry.
 */
export function parseEnvAssignments(
  entries: readonly string[],
  environment: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    const name = equals === -1 ? entry.trim() : entry.slice(0, equals).trim();
    if (!ENV_NAME_PATTERN.test(name)) {
      throw registryError(
        RegistryErrorCodes.CONFIGURATION_INVALID,
        `--env ${entry}: "${name}" is not a variable name; write --env NAME=value (letters, digits and _), or --env NAME to take NAME from your environment.`,
        { details: { entry } },
      );
    }
    if (equals === -1) {
      const value = environment[name];
      if (value === undefined) {
        throw registryError(
          RegistryErrorCodes.CONFIGURATION_INVALID,
          `--env ${name}: ${name} is not set in your environment; export it first or write --env ${name}=value.`,
          { details: { entry } },
        );
      }
      values[name] = value;
    } else {
      values[name] = entry.slice(equals + 1);
    }
  }
  return values;
}

/** The configuration an install ends with. */
export interface CollectedConfiguration {
  /** Values to store (given, asked, or kept from the previous version when updating). */
  readonly values: Record<string, string>;
  /** Names the manifest marks secret among them. */
  readonly secrets: readonly string[];
  /** Variables left to their manifest default. */
  readonly defaults: readonly string[];
  /** Optional variables left unset. */
  readonly unsetOptional: readonly string[];
  /** Names given with `--env` that the manifest does not declare (stored, with a warning). */
  readonly undeclared: readonly string[];
}

/**
 * Works out every value the plugin's manifest asks for: `given` (from `--env`) first, then values
 * already stored (an update keeps them), then the manifest default; anything still missing is
 * asked for on a terminal (secrets without echo), or, without one, fails the install with
 * `CONFIGURATION_MISSING` listing every missing name at once.
 */
export async function collectConfiguration(
  manifest: PluginManifest,
  options: {
    given: Readonly<Record<string, string>>;
    stored?: ReadonlySet<string>;
    prompter: Prompter;
    plugin: string;
  },
): Promise<CollectedConfiguration> {
  const values: Record<string, string> = { ...options.given };
  const declared = new Set(manifest.environment.map((variable) => variable.name));
  const defaults: string[] = [];
  const unsetOptional: string[] = [];
  const missing = manifest.environment.filter(
    (variable) =>
      !(variable.name in values) &&
      !options.stored?.has(variable.name) &&
      variable.default === undefined &&
      variable.required,
  );
  if (missing.length && !options.prompter.interactive) {
    const list = missing.map(
      (variable) =>
        `${variable.name}${variable.secret ? ' (secret)' : ''}${variable.description ? ` – ${variable.description}` : ''}`,
    );
    throw registryError(
      RegistryErrorCodes.CONFIGURATION_MISSING,
      `${options.plugin} needs ${missing.length === 1 ? 'a value' : 'values'} for:\n  ${list.join('\n  ')}\nThere is no terminal to ask on: pass them with --env NAME=value (or --env NAME to read NAME from your environment). Nothing was installed.`,
      { details: { missing: missing.map((variable) => variable.name) } },
    );
  }
  for (const variable of manifest.environment) {
    if (variable.name in values || options.stored?.has(variable.name)) continue;
    if (variable.default !== undefined) {
      defaults.push(variable.name);
      continue;
    }
    if (!options.prompter.interactive) {
      unsetOptional.push(variable.name);
      continue;
    }
    const question = {
      name: variable.name,
      description: variable.description,
      required: variable.required,
    };
    const answer = variable.secret
      ? await options.prompter.askSecret(question)
      : await options.prompter.ask(question);
    if (answer === '') unsetOptional.push(variable.name);
    else values[variable.name] = answer;
  }
  const secretNames = new Set(
    manifest.environment.filter((variable) => variable.secret).map((variable) => variable.name),
  );
  return {
    values,
    secrets: Object.keys(values).filter((name) => secretNames.has(name)),
    defaults,
    unsetOptional,
    undeclared: Object.keys(options.given).filter((name) => !declared.has(name)),
  };
}
