import type { Command } from 'commander';
import {
  createStorage,
  describeConfigSource,
  loadConfig,
  type LoadedConfig,
  type Storage,
} from '@mark1/storage';
import { createColors } from './output/colors';
import { createPrinter, type CliIo, type Printer } from './output/printer';

/** The options every command accepts. */
export interface GlobalOptions {
  /** Print results as JSON. */
  json: boolean;
  /** Home folder, beating MARK1_HOME. */
  home: string | undefined;
  /** Print stack traces of errors. */
  verbose: boolean;
}

/** How a command opens the database. */
export interface OpenStorageOptions {
  /**
   * Apply pending migrations.
   * @default false: only `init` and `db init` change the schema
   */
  migrate?: boolean;
  /**
   * Create a missing SQLite file.
   * @default false: other commands say to run `mark1 init` instead
   */
  createIfMissing?: boolean;
}

/** What command modules get: parsed global options, configuration, storage, output. */
export interface CliContext {
  /** Where output goes. */
  readonly io: CliIo;
  /** The global options, as parsed. */
  globalOptions(): GlobalOptions;
  /** The configuration, loaded once (with `--home` applied). */
  config(): LoadedConfig;
  /** Opens the configured database; it is closed when the command ends. */
  openStorage(options?: OpenStorageOptions): Promise<Storage>;
  /** The printer for this invocation (`--json`, colours). */
  printer(): Printer;
  /** Closes whatever the command opened. */
  dispose(): Promise<void>;
}

/** A {@link CliContext} reading global options from `program`. */
export function createCliContext(io: CliIo, program: () => Command): CliContext {
  let loaded: LoadedConfig | undefined;
  let printer: Printer | undefined;
  const opened: Storage[] = [];
  const globalOptions = (): GlobalOptions => {
    const options = program().opts<{ json?: boolean; home?: string; verbose?: boolean }>();
    return { json: options.json ?? false, home: options.home, verbose: options.verbose ?? false };
  };
  const config = (): LoadedConfig => {
    loaded ??= loadConfig({ env: io.env, home: globalOptions().home, cwd: io.cwd });
    return loaded;
  };
  return {
    io,
    globalOptions,
    config,
    async openStorage(options = {}) {
      const current = config();
      const storage = await createStorage({
        config: current.config,
        urlSource: describeConfigSource(current.sourceOf('database.url')),
        migrate: options.migrate ?? false,
        createIfMissing: options.createIfMissing ?? false,
      });
      opened.push(storage);
      return storage;
    },
    printer() {
      printer ??= createPrinter(io, {
        json: globalOptions().json,
        colors: createColors({ isTTY: Boolean(io.stdout.isTTY), env: io.env }),
      });
      return printer;
    },
    async dispose() {
      await Promise.all(opened.splice(0).map((storage) => storage.close().catch(() => undefined)));
    },
  };
}
