import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How to start a scan worker thread, or why none can be started here. */
export type WorkerEntry =
  | { ok: true; kind: 'file'; url: URL }
  | { ok: true; kind: 'eval'; code: string; execArgv: string[] }
  | { ok: false; reason: string };

/**
 * Locates the worker entry next to this module: the built `scan-worker.js` (or `.cjs`) in the
 * published package; from TypeScript sources (tests, the workspace), `scan-worker.ts` started
 * through tsx's loader, when tsx is installed.
 */
export function locateWorkerEntry(moduleUrl: string = import.meta.url): WorkerEntry {
  const here = fileURLToPath(moduleUrl);
  const extension = /\.(c|m)?[jt]s$/.exec(here)?.[0] ?? '.js';
  if (extension === '.ts' || extension === '.mts') {
    const worker = join(dirname(here), 'scan-worker.ts');
    if (!existsSync(worker)) return { ok: false, reason: `the worker entry ${worker} is missing` };
    let tsxApi: string;
    try {
      const tsxPackage = createRequire(here).resolve('tsx/package.json');
      tsxApi = join(dirname(tsxPackage), 'dist', 'esm', 'api', 'index.mjs');
      if (!existsSync(tsxApi)) throw new Error(`${tsxApi} is missing`);
    } catch (error) {
      return {
        ok: false,
        reason: `running from TypeScript sources needs tsx to start workers (${(error as Error).message.split('\n')[0]})`,
      };
    }
    const code = `const { register } = await import(${JSON.stringify(pathToFileURL(tsxApi).href)}); register(); await import(${JSON.stringify(pathToFileURL(worker).href)});`;
    return { ok: true, kind: 'eval', code, execArgv: ['--conditions=@mark1/source'] };
  }
  const worker = join(dirname(here), extension === '.cjs' ? 'scan-worker.cjs' : 'scan-worker.js');
  if (!existsSync(worker))
    return { ok: false, reason: `the worker entry ${worker} is missing from the package` };
  return { ok: true, kind: 'file', url: pathToFileURL(worker) };
}
