// Runs an example plugin the way Mark-1 does: its manifest read with @mark1/sdk, its own test
// suite as a child process, and its manifest's example through the entry point (argv template
// for `cli`, a small import-and-call shim for `python_function` and `node_function`), with a
// clean environment, MARK1_INPUT, MARK1_OUTPUT_DIR and a fresh working directory.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Capability,
  FILE_DATA_TYPES,
  type PluginManifest,
  readManifestFile,
  renderCliArgv,
} from '@mark1/sdk';

export const PLUGINS_DIR = fileURLToPath(new URL('../plugins/', import.meta.url));

/** A plugin folder with its manifest read and validated by the sdk. */
export interface LoadedPlugin {
  readonly name: string;
  readonly dir: string;
  readonly manifest: PluginManifest;
  readonly format: string;
  readonly warnings: readonly string[];
}

export function loadPlugin(name: string): LoadedPlugin {
  const dir = join(PLUGINS_DIR, name);
  const { manifest, format, warnings } = readManifestFile(dir);
  return { name, dir, manifest, format, warnings };
}

export function capabilityOf(plugin: LoadedPlugin, name?: string): Capability {
  const capability = name
    ? plugin.manifest.capabilities.find((candidate) => candidate.name === name)
    : plugin.manifest.capabilities[0];
  if (!capability) throw new Error(`${plugin.name} has no capability ${name ?? ''}`);
  return capability;
}

/** What a child process did. */
export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs?: number },
): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

let python: string | undefined;

/** The real Python interpreter behind `python3` (a pyenv shim needs more environment than we give). */
export async function pythonExecutable(): Promise<string> {
  if (python) return python;
  const result = await run('python3', ['-c', 'import sys; print(sys.executable)'], {
    cwd: tmpdir(),
    env: { ...process.env } as Record<string, string>,
  });
  if (result.code !== 0) throw new Error(`python3 is not usable: ${result.stderr}`);
  python = result.stdout.trim();
  return python;
}

/** The clean environment a plugin gets: PATH to find its runtime, plus MARK1_* variables. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONDONTWRITEBYTECODE: '1', ...extra };
}

/** Summary of a plugin's own test suite run. */
export interface OwnTestRun extends ProcessResult {
  readonly passed: number;
  readonly failed: number;
}

/** Runs the plugin's own tests: `python3 -m unittest discover -s tests` or `node --test`. */
export async function runOwnTests(plugin: LoadedPlugin): Promise<OwnTestRun> {
  const runtime = plugin.manifest.plugin.runtime;
  const env = cleanEnv({ HOME: tmpdir() });
  if (runtime === 'python') {
    const result = await run(
      await pythonExecutable(),
      ['-m', 'unittest', 'discover', '-s', 'tests'],
      {
        cwd: plugin.dir,
        env,
      },
    );
    const ran = Number(/^Ran (\d+) tests?/m.exec(result.stderr)?.[1] ?? 0);
    const failures = /^FAILED \((.*)\)$/m.exec(result.stderr)?.[1] ?? '';
    const failed = [...failures.matchAll(/(?:failures|errors)=(\d+)/g)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
    return { ...result, passed: ran - failed, failed };
  }
  if (runtime === 'node') {
    const result = await run(process.execPath, ['--test'], { cwd: plugin.dir, env });
    const count = (label: string) =>
      Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(result.stdout)?.[1] ?? 0);
    return { ...result, passed: count('pass'), failed: count('fail') };
  }
  throw new Error(`${plugin.name}: no test runner for runtime ${String(runtime)}`);
}

/** Inputs with the schema's defaults filled in, as the executor passes them. */
export function withDefaults(
  capability: Capability,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const filled: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(capability.inputs.properties)) {
    if (schema.default !== undefined) filled[name] = schema.default;
  }
  return { ...filled, ...inputs };
}

/** What one call of a capability gave. */
export interface CallResult {
  /** The raw result: parsed stdout of a CLI, the return value of a function. */
  readonly value: unknown;
  /** Declared outputs by name, after the executor's mapping rules. */
  readonly outputs: Record<string, unknown>;
  readonly outputDir: string;
  readonly stderr: string;
  readonly argv?: readonly string[];
}

/** Thrown when a call fails: the plugin's own message is in `stderr`. */
export class CallFailed extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly code: number | null,
  ) {
    super(message);
  }
}

/**
 * The executor's output mapping: an object whose keys name declared outputs gives those outputs;
 * otherwise, with exactly one declared output, the whole value is that output.
 */
export function mapOutputs(capability: Capability, value: unknown): Record<string, unknown> {
  const declared = Object.keys(capability.outputs);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (declared.some((name) => Object.prototype.hasOwnProperty.call(record, name))) {
      return Object.fromEntries(
        declared.filter((name) => name in record).map((name) => [name, record[name]]),
      );
    }
  }
  if (declared.length === 1) return { [declared[0]!]: value };
  throw new Error(
    `result ${JSON.stringify(value)} names none of the outputs ${declared.join(', ')}`,
  );
}

const PYTHON_SHIM = `
import contextlib, importlib, json, os, sys
plugin_dir, module, function, result_file = sys.argv[1:5]
sys.path.insert(0, plugin_dir)
with contextlib.redirect_stdout(sys.stderr):
    target = getattr(importlib.import_module(module), function)
    result = target(**json.loads(os.environ["MARK1_INPUT"]))
with open(result_file, "w", encoding="utf-8") as handle:
    json.dump(result, handle)
`;

const NODE_SHIM = `
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const [pluginDir, modulePath, name, resultFile] = process.argv.slice(1);
console.log = console.info = console.error;
const module = await import(pathToFileURL(resolve(pluginDir, modulePath)).href);
if (typeof module[name] !== 'function') throw new Error(modulePath + ' has no exported function ' + name);
const result = await module[name](JSON.parse(process.env.MARK1_INPUT));
writeFileSync(resultFile, JSON.stringify(result));
`;

/** Calls a capability with some inputs the way the executor does. */
export async function callCapability(
  plugin: LoadedPlugin,
  capability: Capability,
  rawInputs: Record<string, unknown>,
): Promise<CallResult> {
  const inputs = withDefaults(capability, rawInputs);
  const scratch = mkdtempSync(join(tmpdir(), `mark1-example-${plugin.name}-`));
  const outputDir = join(scratch, 'out');
  const workDir = join(scratch, 'work');
  mkdirSync(outputDir);
  mkdirSync(workDir);
  const env = cleanEnv({ MARK1_INPUT: JSON.stringify(inputs), MARK1_OUTPUT_DIR: outputDir });
  const entry = capability.entry_point;
  const resultFile = join(scratch, 'result.json');
  let result: ProcessResult;
  let argv: string[] | undefined;
  switch (entry.type) {
    case 'cli': {
      argv = renderCliArgv(entry, inputs);
      const [command, ...args] = argv;
      const executable =
        command === 'python3' || command === 'python' ? await pythonExecutable() : command!;
      const cwd = entry.cwd === undefined ? workDir : resolve(plugin.dir, entry.cwd);
      result = await run(executable, args, { cwd, env });
      break;
    }
    case 'python_function':
      result = await run(
        await pythonExecutable(),
        ['-c', PYTHON_SHIM, plugin.dir, entry.module, entry.function, resultFile],
        { cwd: workDir, env },
      );
      break;
    case 'node_function':
      result = await run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          NODE_SHIM,
          plugin.dir,
          entry.module,
          entry.function,
          resultFile,
        ],
        { cwd: workDir, env },
      );
      break;
    case 'http':
    case 'container':
      throw new Error(`${plugin.name}: the examples do not use ${entry.type} entry points`);
  }
  if (result.code !== 0) {
    throw new CallFailed(
      `${plugin.name}/${capability.name} exited with ${String(result.code)}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`,
      result.stderr,
      result.code,
    );
  }
  let value: unknown;
  if (entry.type === 'cli') {
    try {
      value = JSON.parse(result.stdout);
    } catch {
      value = result.stdout;
    }
  } else {
    value = JSON.parse(readFileSync(resultFile, 'utf8'));
  }
  return { value, outputs: mapOutputs(capability, value), outputDir, stderr: result.stderr, argv };
}

/** True when a declared output is a file the plugin wrote in MARK1_OUTPUT_DIR. */
export function isFileOutput(capability: Capability, name: string): boolean {
  const spec = capability.outputs[name];
  return spec !== undefined && FILE_DATA_TYPES.has(spec.type);
}

/** Every file under a folder with its size and modification time, to see that nothing changed. */
export function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string) => {
    for (const entry of readdirSync(current)) {
      if (entry === '__pycache__' || entry === 'node_modules') continue;
      const path = join(current, entry);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else files.set(relative(dir, path), `${stat.size}:${stat.mtimeMs}`);
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}
