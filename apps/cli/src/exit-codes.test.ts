import { Mark1Error, SdkErrorCodes } from '@mark1/sdk';
import { StorageErrorCodes } from '@mark1/storage';
import { describe, expect, it } from 'vitest';
import { CliErrorCodes } from './errors';
import { EXIT_CODES, exitCodeFor } from './exit-codes';

describe('exit codes', () => {
  it('gives every known code an exit code of 1 or 2', () => {
    for (const code of [
      ...Object.values(SdkErrorCodes),
      ...Object.values(StorageErrorCodes),
      ...Object.values(CliErrorCodes),
    ]) {
      expect([1, 2], code).toContain(EXIT_CODES[code]);
    }
  });

  it('maps usage-like codes to 2, failures and unknown throws to 1', () => {
    expect(exitCodeFor(new Mark1Error(StorageErrorCodes.UNKNOWN_TABLE, 'x'))).toBe(2);
    expect(exitCodeFor(new Mark1Error(StorageErrorCodes.DATABASE_UNREACHABLE, 'x'))).toBe(1);
    expect(exitCodeFor(new Mark1Error('SOME_FUTURE_CODE', 'x'))).toBe(1);
    expect(exitCodeFor(new TypeError('boom'))).toBe(1);
  });
});
