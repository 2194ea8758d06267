import {
  argvText,
  type ExpressionScope,
  Mark1Error,
  parseTemplate,
  renderTemplate,
  type Template,
  templateReferences,
} from '@mark1/sdk';
import { ExecutorErrorCodes, executorError } from '../errors';

/** What entry-point templates see: the call's inputs and the plugin's own secrets. */
export interface EntryScope {
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly secrets: Readonly<Record<string, string>>;
}

function parse(text: string, where: string): Template {
  try {
    return parseTemplate(text);
  } catch (error) {
    throw executorError(
      ExecutorErrorCodes.EXPRESSION_FAILED,
      `The template ${JSON.stringify(text)} in ${where} does not parse: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** Throws `SECRET_NOT_AVAILABLE` for a `${secrets.NAME}` the plugin does not have. */
export function checkSecrets(
  template: Template,
  secrets: Readonly<Record<string, string>>,
  where: string,
): void {
  for (const reference of templateReferences(template)) {
    if (reference.path.root !== 'secrets') continue;
    const name = String(reference.path.segments[0] ?? '');
    if (!Object.prototype.hasOwnProperty.call(secrets, name)) {
      throw executorError(
        ExecutorErrorCodes.SECRET_NOT_AVAILABLE,
        `${where} uses the secret ${name}, which this plugin does not have. Set it with \`mark1 plugin configure\`; a plugin only ever sees its own secrets.`,
        { details: { secret: name } },
      );
    }
  }
}

/**
 * Renders an entry-point template against the call's inputs and the plugin's secrets. With
 * `missing: 'undefined'` a reference to an absent input gives undefined (so a CLI argument can be
 * dropped); otherwise it is an `EXPRESSION_FAILED` error.
 */
export function renderEntryTemplate(
  text: string,
  scope: EntryScope,
  where: string,
  missing: 'error' | 'undefined' = 'error',
): unknown {
  if (!text.includes('${')) return text.replace(/\$\$\{/g, '${');
  const template = parse(text, where);
  checkSecrets(template, scope.secrets, where);
  try {
    return renderTemplate(template, scope as unknown as ExpressionScope, { missing });
  } catch (error) {
    if (Mark1Error.isInstance(error) && error.code === ExecutorErrorCodes.SECRET_NOT_AVAILABLE)
      throw error;
    throw executorError(
      ExecutorErrorCodes.EXPRESSION_FAILED,
      `${where}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Text form of a rendered value: strings as they are, scalars as text, the rest as JSON. */
export const asText = argvText;
