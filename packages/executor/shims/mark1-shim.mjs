// Mark-1's Node function shim.
//
// Runs inside the plugin's sandbox. Reads call requests, one JSON object per line, from fd 4;
// imports the plugin's module, calls the export with the inputs as one object (a definePlugin()
// export is dispatched by capability name), and writes one JSON line per call to fd 3. The
// plugin's own console output goes to stdout/stderr (the step's log), never to the channel.
import { writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const PLUGIN_BRAND = Symbol.for('mark1.plugin');
const isDefinedPlugin = (value) =>
  typeof value === 'object' && value !== null && value[PLUGIN_BRAND] === true;
const isClass = (value) =>
  typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));

function describe(error, kind) {
  if (error instanceof Error) {
    return {
      kind,
      type: error.name,
      message: error.message,
      ...(typeof error.code === 'string' ? { code: error.code } : {}),
      ...(error.stack ? { traceback: error.stack.split('\n').slice(0, 14).join('\n') } : {}),
    };
  }
  return { kind, type: typeof error, message: String(error) };
}

async function resolveTarget(request) {
  const path = isAbsolute(request.module)
    ? request.module
    : resolve(request.plugin_dir, request.module);
  const module = await import(pathToFileURL(path).href);
  const name = request.function || 'default';
  const parts = name.split('.');
  let target = module[parts[0]];
  if (target === undefined && module.default && typeof module.default === 'object')
    target = module.default[parts[0]];
  if (target === undefined) {
    throw new Error(
      `${request.module} has no export "${parts[0]}" (exports: ${Object.keys(module).join(', ') || 'none'})`,
    );
  }
  for (let index = 1; index < parts.length; index += 1) {
    if (isClass(target)) target = new target();
    const next = target?.[parts[index]];
    if (next === undefined)
      throw new Error(`${parts.slice(0, index).join('.')} has no "${parts[index]}"`);
    target = typeof next === 'function' && !isClass(next) ? next.bind(target) : next;
  }
  return target;
}

const baseEnv = { ...process.env };

async function call(request) {
  // A warm worker serves many calls: each starts from the worker's environment plus its own.
  for (const name of Object.keys(process.env)) if (!(name in baseEnv)) delete process.env[name];
  Object.assign(process.env, baseEnv, request.env ?? {});
  if (request.cwd) process.chdir(request.cwd);
  let target;
  try {
    target = await resolveTarget(request);
  } catch (error) {
    return { type: 'error', error: describe(error, 'import') };
  }
  let result;
  try {
    if (isDefinedPlugin(target))
      result = await target.invoke(request.capability, request.inputs ?? {});
    else if (typeof target === 'function') result = await target(request.inputs ?? {});
    else throw new TypeError(`${request.function} is not a function or a definePlugin() result`);
  } catch (error) {
    return { type: 'error', error: describe(error, 'exception') };
  }
  try {
    return {
      type: 'result',
      value: JSON.parse(JSON.stringify(result === undefined ? null : result)),
    };
  } catch (error) {
    return { type: 'error', error: { ...describe(error, 'serialization'), traceback: undefined } };
  }
}

const requests = createInterface({
  input: new Socket({ fd: 4, readable: true, writable: false }),
  crlfDelay: Infinity,
});
for await (const line of requests) {
  if (!line.trim()) continue;
  const request = JSON.parse(line);
  const answer = { ...(await call(request)), id: request.id };
  writeSync(3, `${JSON.stringify(answer)}\n`);
}
// Handles the plugin left open (timers, sockets) must not keep the call alive.
process.exit(0);
