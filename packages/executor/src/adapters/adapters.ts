import type { EntryPoint } from '@mark1/sdk';
import type { Adapter } from './adapter';
import { cliAdapter } from './cli-adapter';
import { containerAdapter } from './container-adapter';
import { httpAdapter } from './http-adapter';
import { nodeFunctionAdapter } from './node-function-adapter';
import { pythonFunctionAdapter } from './python-function-adapter';

/** The bundled adapter for each entry point type. */
export const ADAPTERS: { readonly [T in EntryPoint['type']]: Adapter<T> } = {
  cli: cliAdapter,
  python_function: pythonFunctionAdapter,
  node_function: nodeFunctionAdapter,
  http: httpAdapter,
  container: containerAdapter,
};
