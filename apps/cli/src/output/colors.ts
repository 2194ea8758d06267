import picocolors from 'picocolors';

/** The colour functions the CLI uses; identity functions when colour is off. */
export type Colors = ReturnType<typeof picocolors.createColors>;

/** What decides whether to colour. */
export interface ColorSupportOptions {
  /** Whether the stream is a terminal. */
  isTTY: boolean;
  /** The environment (`NO_COLOR`, `TERM`). */
  env: Record<string, string | undefined>;
}

/**
 * Colours only on a terminal, and never when `NO_COLOR` is set to anything non-empty
 * (https://no-color.org) or `TERM` is `dumb`.
 */
export function createColors({ isTTY, env }: ColorSupportOptions): Colors {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return picocolors.createColors(isTTY && !noColor && env.TERM !== 'dumb');
}
