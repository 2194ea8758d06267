/** A question for one configuration value. */
export interface PromptQuestion {
  /** The variable's name, e.g. `OPENAI_API_KEY`. */
  readonly name: string;
  /** What it is for (from the manifest). */
  readonly description?: string;
  /** Shown and used when the answer is empty. */
  readonly default?: string;
  /** False for optional values: an empty answer skips them. */
  readonly required: boolean;
}

/** How the registry asks the user things. The CLI gives a terminal one; everything else a non-interactive one. */
export interface Prompter {
  /** False when there is nobody to ask: missing values and confirmations then fail with a list. */
  readonly interactive: boolean;
  /** Asks for a value, echoing what is typed. */
  ask(question: PromptQuestion): Promise<string>;
  /** Asks for a secret without echoing it. */
  askSecret(question: PromptQuestion): Promise<string>;
  /** Asks a yes/no question. */
  confirm(message: string, defaultAnswer?: boolean): Promise<boolean>;
}

const refuse = (): never => {
  throw new Error('a non-interactive prompter cannot ask');
};

/** The prompter used without a terminal: never asks. */
export const nonInteractivePrompter: Prompter = {
  interactive: false,
  ask: refuse,
  askSecret: refuse,
  confirm: refuse,
};
