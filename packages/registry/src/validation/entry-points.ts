import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { Capability, PluginManifest } from '@mark1/sdk';
import { isInside } from '../plugin-layout';
import { outlineModule, type ModuleOutline } from './source-outline';
import { maskSource } from './source-text';
import type { ValidationIssue } from './validation-report';

const INTERPRETERS =
  /^(python(\d+(\.\d+)?)?|node|nodejs|bash|sh|zsh|ruby|perl|Rscript|deno|bun|tsx)$/;

interface CheckContext {
  readonly root: string;
  /** Names per file from the scanner, a second chance when the lexical outline misses a definition. */
  readonly symbols?: ReadonlyMap<string, ReadonlySet<string>>;
  readonly manifest: PluginManifest;
  readonly errors: ValidationIssue[];
  readonly warnings: ValidationIssue[];
  readonly outlines: Map<string, ModuleOutline | undefined>;
}

function insideFile(root: string, relative: string): string | undefined {
  if (isAbsolute(relative)) return undefined;
  const path = resolve(root, relative);
  return path === root || isInside(root, path) ? path : undefined;
}

function isFile(path: string | undefined): boolean {
  try {
    return path !== undefined && statSync(path).isFile();
  } catch {
    return false;
  }
}

function onPath(program: string): boolean {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    try {
      accessSync(join(folder, program), constants.X_OK);
      return true;
    } catch {
      // keep looking
    }
  }
  return false;
}

function outline(context: CheckContext, file: string): ModuleOutline | undefined {
  if (!context.outlines.has(file)) {
    try {
      const text = readFileSync(join(context.root, file), 'utf8');
      context.outlines.set(
        file,
        outlineModule(maskSource(text, /\.py$/.test(file) ? 'python' : 'javascript')),
      );
    } catch {
      context.outlines.set(file, undefined);
    }
  }
  return context.outlines.get(file);
}

/** The file of a dotted Python module inside the plugin (`a.b` → `a/b.py` or `a/b/__init__.py`). */
export function pythonModuleFile(root: string, module: string): string | undefined {
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(module)) return undefined;
  const base = module.split('.').join('/');
  for (const candidate of [
    `${base}.py`,
    `${base}/__init__.py`,
    `src/${base}.py`,
    `src/${base}/__init__.py`,
  ]) {
    if (isFile(join(root, candidate))) return candidate;
  }
  return undefined;
}

function checkCli(
  context: CheckContext,
  capability: Capability & { entry_point: { type: 'cli' } },
): void {
  const entry = capability.entry_point;
  const error = (message: string, file?: string) =>
    context.errors.push({
      check: 'entry-point',
      capability: capability.name,
      message,
      ...(file ? { file } : {}),
    });
  const warn = (message: string) =>
    context.warnings.push({ check: 'entry-point', capability: capability.name, message });
  const program = entry.command[0]!;
  if (program.includes('${')) {
    warn(`the program "${program}" is a template; it cannot be checked before the run`);
    return;
  }
  if (entry.cwd !== undefined) {
    const cwd = insideFile(context.root, entry.cwd);
    if (!cwd || !existsSync(cwd) || !statSync(cwd).isDirectory())
      error(`cwd "${entry.cwd}" is not a folder inside the plugin`);
  }
  const programName = program.split('/').pop() ?? program;
  if (INTERPRETERS.test(programName)) {
    const rest = entry.command.slice(1);
    const moduleFlag = rest.indexOf('-m');
    if (moduleFlag >= 0 && /^python/.test(programName)) {
      const module = rest[moduleFlag + 1];
      if (module && !module.includes('${') && !pythonModuleFile(context.root, module)) {
        const dependencyNote =
          context.manifest.dependencies.packages.length ||
          context.manifest.dependencies.requirements.length
            ? ' (it may come from the dependencies; then this is fine)'
            : '';
        warn(`python -m ${module}: no module ${module} in the plugin${dependencyNote}`);
      }
      return;
    }
    if (rest.includes('-c') || rest.includes('-e')) return;
    const script = [
      ...rest,
      ...entry.args.filter((arg): arg is string => typeof arg === 'string'),
    ].find((token) => !token.startsWith('-'));
    if (script === undefined) return;
    if (script.includes('${')) {
      warn(`the script "${script}" is a template; it cannot be checked before the run`);
      return;
    }
    const path = insideFile(context.root, script);
    if (!path)
      error(`the script "${script}" must be a path inside the plugin (relative, without "..")`);
    else if (!isFile(path))
      error(`${programName} ${script}: the script ${script} does not exist in the plugin`, script);
    return;
  }
  if (program.includes('/')) {
    if (isAbsolute(program)) {
      if (!existsSync(program)) warn(`the program ${program} does not exist on this machine`);
      return;
    }
    const path = insideFile(context.root, program);
    if (!path)
      error(`the program "${program}" must be a path inside the plugin (relative, without "..")`);
    else if (!isFile(path)) error(`the program ${program} does not exist in the plugin`, program);
    return;
  }
  if (!onPath(program)) {
    warn(
      `the program "${program}" is not on this machine's PATH; it must come from the plugin's dependencies (virtualenv, node_modules/.bin) or be installed separately`,
    );
  }
}

function checkPython(
  context: CheckContext,
  capability: Capability & { entry_point: { type: 'python_function' } },
): void {
  const entry = capability.entry_point;
  const file = pythonModuleFile(context.root, entry.module);
  if (!file) {
    context.errors.push({
      check: 'entry-point',
      capability: capability.name,
      message: `python_function module "${entry.module}" is not in the plugin (looked for ${entry.module.split('.').join('/')}.py and ${entry.module.split('.').join('/')}/__init__.py)`,
    });
    return;
  }
  const module = outline(context, file);
  if (!module) return;
  const [head, method] = entry.function.split('.');
  const found =
    (method ? module.methods.has(entry.function) : module.names.has(head!)) ||
    context.symbols?.get(file)?.has(entry.function) === true;
  if (!found) {
    const known = [...module.names, ...module.methods].slice(0, 12).join(', ');
    context.errors.push({
      check: 'entry-point',
      capability: capability.name,
      file,
      message: `${file} defines no ${method ? 'method' : 'top-level function'} "${entry.function}"${known ? ` (it defines ${known})` : ''}`,
    });
  }
}

function checkNode(
  context: CheckContext,
  capability: Capability & { entry_point: { type: 'node_function' } },
): void {
  const entry = capability.entry_point;
  const relative = entry.module.replace(/^\.\//, '');
  const path = insideFile(context.root, relative);
  const error = (message: string, file?: string) =>
    context.errors.push({
      check: 'entry-point',
      capability: capability.name,
      message,
      ...(file ? { file } : {}),
    });
  if (!path) {
    error(
      `node_function module "${entry.module}" must be a path inside the plugin (relative, without "..")`,
    );
    return;
  }
  if (!isFile(path)) {
    const built = /(^|\/)(dist|build|lib)\//.test(relative)
      ? ' (it looks like build output: build the plugin and include the built files, Mark-1 never runs build scripts)'
      : '';
    error(`node_function module ${entry.module} does not exist in the plugin${built}`, relative);
    return;
  }
  if (/\.(ts|mts|cts|tsx)$/.test(relative)) {
    error(
      `node_function module ${entry.module} is TypeScript; Node runs JavaScript: point the entry point at the compiled .js file`,
      relative,
    );
    return;
  }
  const module = outline(context, relative);
  if (
    module &&
    !module.names.has(entry.function) &&
    context.symbols?.get(relative)?.has(entry.function) !== true
  ) {
    error(
      `${relative} exports no "${entry.function}"${module.names.size ? ` (it exports ${[...module.names].slice(0, 12).join(', ')})` : ''}`,
      relative,
    );
  }
}

function checkExample(context: CheckContext, capability: Capability): void {
  if (!capability.example) return;
  const missing = capability.inputs.required.filter(
    (name) => !(name in capability.example!.inputs),
  );
  if (missing.length) {
    context.warnings.push({
      check: 'example',
      capability: capability.name,
      message: `the example gives no value for the required input${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
    });
  }
  const unknown = Object.keys(capability.example.inputs).filter(
    (name) => !(name in capability.inputs.properties),
  );
  if (unknown.length && capability.inputs.additionalProperties !== true) {
    context.warnings.push({
      check: 'example',
      capability: capability.name,
      message: `the example gives inputs the capability does not declare: ${unknown.join(', ')}`,
    });
  }
}

/**
 * Checks statically that every entry point exists: CLI programs and scripts (a path in the plugin,
 * or a program on PATH), Python modules and their top-level functions or `Class.method`, Node
 * modules and their exports; requirement files; and that examples fit their inputs. Nothing is
 * imported or run.
 */
export function checkEntryPoints(
  root: string,
  manifest: PluginManifest,
  symbols?: ReadonlyMap<string, ReadonlySet<string>>,
): { errors: ValidationIssue[]; warnings: ValidationIssue[] } {
  const context: CheckContext = {
    root,
    manifest,
    symbols,
    errors: [],
    warnings: [],
    outlines: new Map(),
  };
  for (const capability of manifest.capabilities) {
    const entry = capability.entry_point;
    switch (entry.type) {
      case 'cli':
        checkCli(context, { ...capability, entry_point: entry });
        break;
      case 'python_function':
        checkPython(context, { ...capability, entry_point: entry });
        break;
      case 'node_function':
        checkNode(context, { ...capability, entry_point: entry });
        break;
      case 'http':
        if (
          !manifest.permissions.network &&
          !/^\$\{|^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(entry.url)
        ) {
          context.warnings.push({
            check: 'entry-point',
            capability: capability.name,
            message: `calls ${entry.url} over HTTP but the manifest does not declare permissions.network: true`,
          });
        }
        break;
      case 'container':
        context.warnings.push({
          check: 'entry-point',
          capability: capability.name,
          message: `runs the container image ${entry.image}; it needs a container engine (docker) at run time`,
        });
        break;
    }
    checkExample(context, capability);
  }
  for (const file of manifest.dependencies.requirements) {
    const path = insideFile(root, file);
    if (!path || !isFile(path)) {
      context.errors.push({
        check: 'requirements',
        message: `dependencies.requirements lists ${file}, which is not a file inside the plugin`,
        file,
      });
    }
  }
  return { errors: context.errors, warnings: context.warnings };
}
