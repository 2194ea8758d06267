import {
  type CliArg,
  evaluateCondition,
  type ExpressionScope,
  parseTemplate,
  renderCliArgs,
} from '@mark1/sdk';
import { ExecutorErrorCodes, executorError } from '../errors';
import { checkSecrets, type EntryScope, renderEntryTemplate } from '../invocation/templates';

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
 * The argv tail of a `cli` (or `container`) entry point by the sdk's {@link renderCliArgs} rules,
 * with the plugin's own secrets in scope and template failures as `EXPRESSION_FAILED` /
 * `SECRET_NOT_AVAILABLE` errors naming the argument.
 */
export function buildCliArgs(args: readonly CliArg[], scope: EntryScope, where: string): string[] {
  return renderCliArgs(
    args,
    {
      value: (text, at) => renderEntryTemplate(text, scope, at, 'undefined'),
      holds: (text, at) => condition(text, scope, at),
    },
    where,
  );
}
