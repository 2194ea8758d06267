import { evaluateCondition, type ExpressionScope, renderTemplate } from '../expressions/evaluate';
import { parseTemplate, wholeExpression } from '../expressions/template';
import type { CliArg, CliEntryPoint } from './entry-points';

/** How {@link renderCliArgs} reads the templates of an argument list. */
export interface CliArgTemplates {
  /** The value of a template; a reference to an absent input gives `undefined`. */
  value(text: string, where: string): unknown;
  /** Whether a `when` condition holds. */
  holds(text: string, where: string): boolean;
}

/** Text of one argv token: strings as they are, other scalars as text, lists and objects as JSON. */
export function argvText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function isWholeTemplate(text: string): boolean {
  try {
    return wholeExpression(parseTemplate(text)) !== undefined;
  } catch {
    return false; // The caller's `value` reports the syntax error with its position.
  }
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== '';
}

/**
 * The argv tail of a `cli` entry point, the one definition of the {@link CliArg} rules: a string
 * token is rendered (one that is only a template for an absent value is dropped; a list value
 * becomes one token per item); a flag object adds `flag value` (or `flag=value`) when its value is
 * present (not absent, `false` or empty; `0` is present), the bare flag when its `when` holds, one
 * flag per item with `repeat`, and a list joined with commas without it.
 */
export function renderCliArgs(
  args: readonly CliArg[],
  templates: CliArgTemplates,
  where = 'entry_point',
): string[] {
  const read = (text: string, at: string) =>
    text.includes('${')
      ? { whole: isWholeTemplate(text), value: templates.value(text, at) }
      : { whole: false, value: text };
  const argv: string[] = [];
  args.forEach((arg, index) => {
    const at = `${where} args[${index}]`;
    if (typeof arg === 'string') {
      const { whole, value } = read(arg, at);
      if (whole && Array.isArray(value))
        argv.push(...value.filter((item) => item !== undefined && item !== null).map(argvText));
      else if (!whole || (value !== undefined && value !== null)) argv.push(argvText(value));
      return;
    }
    if (arg.when !== undefined && !templates.holds(arg.when, `${at}.when`)) return;
    if (arg.value === undefined) {
      if (arg.flag) argv.push(arg.flag);
      return;
    }
    const { value } = read(arg.value, `${at}.value`);
    if (!isPresent(value) && value !== 0) return;
    const items = Array.isArray(value)
      ? arg.repeat
        ? value
        : [value.map(argvText).join(',')]
      : [value];
    for (const item of items) {
      const text = argvText(item);
      if (!arg.flag) argv.push(text);
      else if (arg.separator === '=') argv.push(`${arg.flag}=${text}`);
      else argv.push(arg.flag, text);
    }
  });
  return argv;
}

/**
 * The whole argv of a `cli` entry point for some inputs (`command`, then `args` by
 * {@link renderCliArgs}), with only `${inputs.*}` in scope: what a plugin author or a tool needs
 * to see the command a call runs. The executor renders the same way, with the plugin's secrets.
 */
export function renderCliArgv(
  entry: Pick<CliEntryPoint, 'command' | 'args'>,
  inputs: Readonly<Record<string, unknown>>,
): string[] {
  const scope: ExpressionScope = { inputs };
  const templates: CliArgTemplates = {
    value: (text) => renderTemplate(text, scope, { missing: 'undefined' }),
    holds: (text) => evaluateCondition(text, scope, { missing: 'undefined' }),
  };
  return [
    ...entry.command.map((token) => argvText(renderTemplate(token, scope))),
    ...renderCliArgs(entry.args, templates),
  ];
}
