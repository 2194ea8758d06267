import { z } from 'zod';

/**
 * One argument of a CLI argv template. A string is one argv token (it may hold `${inputs.x}`
 * templates; a token whose only content is a template for a missing value is dropped). An object
 * is a flag: `{ flag: '--quality', value: '${inputs.quality}' }` adds `--quality 80` only when the
 * value is present; `{ flag: '--verbose', when: '${inputs.verbose}' }` adds the bare flag when the
 * condition holds; `repeat: true` repeats the flag for each item of a list value; `separator: '='`
 * joins flag and value into one token (`--quality=80`).
 */
export type CliArg =
  | string
  | {
      flag?: string;
      value?: string;
      when?: string;
      repeat?: boolean;
      separator?: ' ' | '=';
    };

/** zod schema of {@link CliArg}. */
export const CliArgSchema: z.ZodType<CliArg> = z.union([
  z.string(),
  z
    .strictObject({
      flag: z.string().min(1).optional(),
      value: z.string().optional(),
      when: z.string().optional(),
      repeat: z.boolean().optional(),
      separator: z.enum([' ', '=']).optional(),
    })
    .refine((arg) => arg.flag !== undefined || arg.value !== undefined, {
      message: 'an argument object needs a `flag`, a `value`, or both',
    }),
]);

/** How a CLI's standard output becomes the step's output. */
export const StdoutModeSchema = z.enum(['auto', 'json', 'text']);

/** Runs a program with an argv template, never through a shell. */
export const CliEntryPointSchema = z.strictObject({
  type: z.literal('cli'),
  /** The fixed start of the argv, e.g. `["python3", "main.py"]`; tokens may hold templates. */
  command: z.array(z.string().min(1)).min(1),
  /** Flags and positionals filled from the inputs. */
  args: z.array(CliArgSchema).default([]),
  /** Working directory relative to the plugin folder (the per-run work dir when omitted). */
  cwd: z.string().optional(),
  /** A template written to the process's standard input. */
  stdin: z.string().optional(),
  /** `auto` parses JSON when stdout is JSON and keeps text otherwise. */
  stdout: StdoutModeSchema.default('auto'),
  /** Extra environment variables, values may be templates such as `${secrets.API_KEY}`. */
  env: z.record(z.string(), z.string()).optional(),
});

/** Calls a Python function in a child process through the executor's shim. */
export const PythonFunctionEntryPointSchema = z.strictObject({
  type: z.literal('python_function'),
  /** Dotted module path relative to the plugin folder, e.g. `analyzer.main`. */
  module: z.string().min(1),
  /** The function to call with the inputs as keyword arguments (`Class.method` instantiates `Class()` first). */
  function: z.string().min(1),
  /**
   * Folders, relative to the plugin folder, put first on the import path, e.g. `["src"]` for a
   * src layout (the plugin folder itself is always on it).
   */
  python_path: z.array(z.string().min(1)).optional(),
  env: z.record(z.string(), z.string()).optional(),
});

/** Calls a JavaScript function in a child Node process through the executor's shim. */
export const NodeFunctionEntryPointSchema = z.strictObject({
  type: z.literal('node_function'),
  /** Path of the module relative to the plugin folder, e.g. `./src/index.js`. */
  module: z.string().min(1),
  /** The exported function to call with the inputs as one object (`default` when omitted). */
  function: z.string().min(1).default('default'),
  env: z.record(z.string(), z.string()).optional(),
});

/** HTTP methods an `http` entry point may use. */
export const HttpMethodSchema = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** Calls an HTTP endpoint; URL, headers, query and body are templates. */
export const HttpEntryPointSchema = z.strictObject({
  type: z.literal('http'),
  method: HttpMethodSchema.default('POST'),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
  query: z.record(z.string(), z.string()).optional(),
  /** A template string, or a JSON value whose strings are templates (`${inputs}` sends all inputs). */
  body: z.unknown().optional(),
  response: StdoutModeSchema.default('auto'),
});

/** Runs a container image through the docker CLI. */
export const ContainerEntryPointSchema = z.strictObject({
  type: z.literal('container'),
  image: z.string().min(1),
  command: z.array(z.string()).optional(),
  args: z.array(CliArgSchema).default([]),
  workdir: z.string().optional(),
  stdout: StdoutModeSchema.default('auto'),
  env: z.record(z.string(), z.string()).optional(),
});

/** How a capability is called. */
export const EntryPointSchema = z.discriminatedUnion('type', [
  CliEntryPointSchema,
  PythonFunctionEntryPointSchema,
  NodeFunctionEntryPointSchema,
  HttpEntryPointSchema,
  ContainerEntryPointSchema,
]);

/** How a capability is called: `cli`, `python_function`, `node_function`, `http` or `container`. */
export type EntryPoint = z.output<typeof EntryPointSchema>;
/** An entry point as written in a manifest (defaults not yet applied). */
export type EntryPointInput = z.input<typeof EntryPointSchema>;
/** The kind of an entry point. */
export type EntryPointType = EntryPoint['type'];
/** A `cli` entry point. */
export type CliEntryPoint = z.output<typeof CliEntryPointSchema>;
/** A `python_function` entry point. */
export type PythonFunctionEntryPoint = z.output<typeof PythonFunctionEntryPointSchema>;
/** A `node_function` entry point. */
export type NodeFunctionEntryPoint = z.output<typeof NodeFunctionEntryPointSchema>;
/** An `http` entry point. */
export type HttpEntryPoint = z.output<typeof HttpEntryPointSchema>;
/** A `container` entry point. */
export type ContainerEntryPoint = z.output<typeof ContainerEntryPointSchema>;
