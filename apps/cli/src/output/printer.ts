import type { Colors } from './colors';

/** Where the CLI writes, and what it knows about the terminal. */
export interface CliIo {
  /** Standard output. */
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** Standard error. */
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** The environment (`MARK1_*`, `NO_COLOR`). */
  env: Record<string, string | undefined>;
  /** The working directory relative paths are resolved against. */
  cwd: string;
}

/** Prints results as JSON (`--json`) or as text for people. */
export interface Printer {
  /** True when `--json` was given. */
  readonly json: boolean;
  /** Colour functions (identity when colour is off). */
  readonly colors: Colors;
  /** Terminal width to lay tables out in. */
  readonly width: number;
  /** Prints `data` as JSON with `--json`, else the text `human()` returns. */
  result(data: unknown, human: () => string): void;
  /** A warning line on stderr (`warning: ...`). */
  warn(message: string): void;
}

/** Options of {@link createPrinter}. */
export interface PrinterOptions {
  /** Print JSON instead of text. */
  json: boolean;
  /** Colour functions for text output. */
  colors: Colors;
}

/** A {@link Printer} writing to `io`. */
export function createPrinter(io: CliIo, options: PrinterOptions): Printer {
  return {
    json: options.json,
    colors: options.colors,
    width: io.stdout.columns && io.stdout.columns > 20 ? io.stdout.columns : 120,
    result(data, human) {
      io.stdout.write(options.json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
    },
    warn(message) {
      io.stderr.write(`${options.colors.yellow('warning:')} ${message}\n`);
    },
  };
}
