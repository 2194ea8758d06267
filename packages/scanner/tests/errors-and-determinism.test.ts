import { join } from 'node:path';
import { Mark1Error } from './helpers/sdk';
import { describe, expect, it } from 'vitest';
import { ScannerErrorCodes, scanRepository } from '../src/index';
import { fixture, withoutRunInfo } from './helpers/fixtures';

async function scanError(
  path: string,
  options?: Parameters<typeof scanRepository>[1],
): Promise<Mark1Error> {
  try {
    await scanRepository(path, options);
  } catch (error) {
    if (Mark1Error.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected scanRepository to fail');
}

describe('scanRepository errors', () => {
  it('says when the path does not exist or is a file', async () => {
    const missing = await scanError(join(fixture('docs-only'), 'nope'));
    expect(missing.code).toBe(ScannerErrorCodes.SCAN_PATH_NOT_FOUND);
    expect(missing.message).toBe(
      `Cannot scan ${join(fixture('docs-only'), 'nope')}: it does not exist. Pass the path of a repository folder.`,
    );
    const file = await scanError(join(fixture('docs-only'), 'README.md'));
    expect(file.code).toBe(ScannerErrorCodes.SCAN_PATH_NOT_DIRECTORY);
    expect(file.message).toContain(
      "it is a file, not a folder. Pass the repository's root folder.",
    );
  });

  it('names every invalid option', async () => {
    const error = await scanError(fixture('docs-only'), {
      workers: -1,
      maxDepth: 0,
      bogus: true,
    } as never);
    expect(error.code).toBe(ScannerErrorCodes.SCAN_OPTIONS_INVALID);
    expect(error.details.problems).toEqual([
      'workers: Too small: expected number to be >=0',
      'maxDepth: Too small: expected number to be >0',
      'options: Unrecognized key: "bogus"',
    ]);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await scanError(fixture('typer-app'), { signal: controller.signal });
    expect(error.code).toBe(ScannerErrorCodes.SCAN_ABORTED);
  });
});

describe('determinism', () => {
  it('gives the same profile for the same files, every time, in the same order', async () => {
    const first = await scanRepository(fixture('fastapi-service'), { workers: 0 });
    const second = await scanRepository(fixture('fastapi-service'), { workers: 0 });
    expect(JSON.stringify(withoutRunInfo(second))).toBe(JSON.stringify(withoutRunInfo(first)));
    expect(first.files.map((file) => file.path)).toEqual(
      [...first.files.map((file) => file.path)].sort(),
    );
    expect(first.root).toBe(fixture('fastapi-service'));
  });
});
