import {
  type CliArg,
  evaluateCondition,
  type ExpressionScope,
  parseTemplate,
  wholeExpression,
} from '@mark1/sdk';
import { ExecutorErrorCodes, executorError } from '../errors';
import {
  asText,
  checkSecrets,
  type EntryScope,
  renderEntryTemplate,
} from '../invocation/templates';

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== '';
}

/** A token whose whole content is one `${...}`: its value, unrendered into text. */
function wholeValue(
  text: string,
  scope: EntryScope,
  where: string,
): { whole: boolean; value: unknown } {
  if (!text.includes('${')) return { whole: false, value: text };
  const whole = wholeExpression(parseTemplate(text)) !== undefined;
  return { whole, value: renderEntryTemplate(text, scope, where, 'undefined') };
}

function condition(text: string, scope: EntryScope, where: string): boolean {
  try {
    checkSecrets(parseTemplate(text.includes('${') ? text : `\${${text}}`), scope.secrets, where);
  } catch (error) {
    if ((error as { code?: string }).code === ExecutorErrorCodes.SECRET_NOT_AVAILABLE) throw error;
    // A syntax error is reported by the evaluation below, with its position.
  }
  try {
    return evaluateCondition(text, scope as unknown as ExpressionScope, { missing: 'undefined' });
  } catch (error) {
    throw executorError(
      ExecutorErrorCodes.EXPRESSION_FAILED,
      `${where}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * The argv tail of a `cli` entry point, filled from the inputs: a string token is rendered (a
 * token that is only a template for an absent value is dropped; a list value becomes one token per
 * item); a flag object adds `flag value` (or `flag=value`) when its value is present, the bare flag
 * when its `when` holds, and one flag per item with `repeat`.
 */
export function buildCliArgs(args: readonly CliArg[], scope: EntryScope, where: string): string[] {
  const argv: string[] = [];
  args.forEach((arg, index) => {
    const at = `${where} args[${index}]`;
    if (typeof arg === 'string') {
      const { whole, value } = wholeValue(arg, scope, at);
      if (whole && Array.isArray(value))
        argv.push(...value.filter((item) => item !== undefined && item !== null).map(asText));
      else if (!whole || (value !== undefined && value !== null)) argv.push(asText(value));
      return;
    }
    if (arg.when !== undefined && !condition(arg.when, scope, `${at}.when`)) return;
    if (arg.value === undefined) {
      if (arg.flag) argv.push(arg.flag);
      return;
    }
    const { value } = wholeValue(arg.value, scope, `${at}.value`);
    if (!present(value) && value !== 0) return;
    const items = Array.isArray(value)
      ? arg.repeat
        ? value
        : [value.map(asText).join(',')]
      : [value];
    for (const item of items) {
      const text = asText(item);
      if (!arg.flag) argv.push(text);
      else if (arg.separator === '=') argv.push(`${arg.flag}=${text}`);
      else argv.push(arg.flag, text);
    }
  });
  return argv;
}
