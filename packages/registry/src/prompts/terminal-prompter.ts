import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { registryError, RegistryErrorCodes } from '../errors';
import type { Prompter, PromptQuestion } from './prompter';

/** Options of {@link createTerminalPrompter}. */
export interface TerminalPrompterOptions {
  /** Where answers are read from (a TTY). */
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  /** Where questions are written (usually stderr, so stdout stays clean for results). */
  output: NodeJS.WritableStream;
}

function label(question: PromptQuestion): string {
  const parts = [question.name];
  if (question.description) parts.push(`(${question.description})`);
  if (question.default !== undefined) parts.push(`[${question.default}]`);
  else if (!question.required) parts.push('[optional, Enter to skip]');
  return `${parts.join(' ')}: `;
}

/**
 * A {@link Prompter} on a terminal, with node:readline. Secrets are read with echo turned off (the
 * typed characters are never written back). Ctrl-C or a closed input cancels with
 * `OPERATION_CANCELLED`.
 */
export function createTerminalPrompter(options: TerminalPrompterOptions): Prompter {
  const read = (prompt: string, secret: boolean): Promise<string> =>
    new Promise((resolvePromise, rejectPromise) => {
      let muted = false;
      const sink = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          if (!muted) options.output.write(chunk);
          callback();
        },
      });
      const reader = createInterface({
        input: options.input,
        output: sink,
        terminal: Boolean(options.input.isTTY),
      });
      let answered = false;
      reader.on('SIGINT', () => reader.close());
      reader.once('close', () => {
        if (secret) options.output.write('\n');
        if (!answered) {
          rejectPromise(
            registryError(
              RegistryErrorCodes.OPERATION_CANCELLED,
              'Cancelled at a prompt; nothing was installed.',
            ),
          );
        }
      });
      reader.question(prompt, (answer) => {
        answered = true;
        reader.close();
        resolvePromise(answer);
      });
      // Mute after the prompt is written, so only what the user types is hidden.
      muted = secret;
    });
  const askValue = async (question: PromptQuestion, secret: boolean): Promise<string> => {
    for (;;) {
      const answer = (await read(label(question), secret)).trim();
      if (answer) return answer;
      if (question.default !== undefined) return question.default;
      if (!question.required) return '';
      options.output.write(`${question.name} is required.\n`);
    }
  };
  return {
    interactive: true,
    ask: (question) => askValue(question, false),
    askSecret: (question) => askValue(question, true),
    async confirm(message, defaultAnswer = false) {
      for (;;) {
        const answer = (await read(`${message} ${defaultAnswer ? '[Y/n]' : '[y/N]'} `, false))
          .trim()
          .toLowerCase();
        if (answer === '') return defaultAnswer;
        if (['y', 'yes'].includes(answer)) return true;
        if (['n', 'no'].includes(answer)) return false;
      }
    },
  };
}
