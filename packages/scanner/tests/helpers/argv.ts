import { type CliEntryPoint, isTruthy, renderTemplate, stringifyValue } from './sdk';

/**
 * Renders a `cli` entry point's argv for some inputs with the sdk's template engine, following the
 * documented CliArg rules: a token that is only a template for a missing value is dropped; a flag
 * object is added when its value is present and its `when` holds; `repeat` spreads a list.
 */
export function renderArgv(entry: CliEntryPoint, inputs: Record<string, unknown>): string[] {
  const scope = { inputs };
  const argv = entry.command.map((token) => stringifyValue(renderTemplate(token, scope)));
  for (const arg of entry.args) {
    if (typeof arg === 'string') {
      const value = renderTemplate(arg, scope, { missing: 'undefined' });
      if (value !== undefined && value !== null) argv.push(stringifyValue(value));
      continue;
    }
    if (
      arg.when !== undefined &&
      !isTruthy(renderTemplate(arg.when, scope, { missing: 'undefined' }))
    )
      continue;
    if (arg.value === undefined) {
      if (arg.flag) argv.push(arg.flag);
      continue;
    }
    const value = renderTemplate(arg.value, scope, { missing: 'undefined' });
    if (value === undefined || value === null) continue;
    const values = arg.repeat && Array.isArray(value) ? value : [value];
    for (const item of values) {
      const text = stringifyValue(item);
      if (!arg.flag) argv.push(text);
      else if (arg.separator === '=') argv.push(`${arg.flag}=${text}`);
      else argv.push(arg.flag, text);
    }
  }
  return argv;
}

/** Inputs with the schema's defaults filled in, as an executor passes them. */
export function withDefaults(
  properties: Record<string, { default?: unknown }>,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const filled: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(properties))
    if (schema.default !== undefined) filled[name] = schema.default;
  return { ...filled, ...inputs };
}
