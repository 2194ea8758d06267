import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Mark1Error } from '@mark1/sdk';
import { describe, expect, it } from 'vitest';
import { ApiErrorCodes } from './api-error-codes';
import { HTTP_STATUS, httpStatusFor } from './http-status';
import { toProblem } from './problem-details';

describe('the code → HTTP status table', () => {
  it('gives every API code a status, and unknown throws 500', () => {
    for (const code of Object.values(ApiErrorCodes))
      expect((HTTP_STATUS as Record<string, number>)[code], code).toBeGreaterThanOrEqual(400);
    expect(httpStatusFor(new Error('boom'))).toBe(500);
    expect(httpStatusFor(new Mark1Error('SOMETHING_NEW', 'x'))).toBe(500);
    expect(httpStatusFor(new Mark1Error('RUN_NOT_FOUND', 'x'))).toBe(404);
  });

  it('is the table docs/api.md shows', () => {
    const doc = readFileSync(resolve(import.meta.dirname, '../../../../docs/api.md'), 'utf8');
    const table = doc.slice(
      doc.indexOf('<!-- http-status-table -->'),
      doc.indexOf('<!-- /http-status-table -->'),
    );
    const documented: Record<string, number> = {};
    for (const [, status, codes] of table.matchAll(/^\| (\d{3}) +\| (.+?) *\|$/gm)) {
      for (const [, code] of codes!.matchAll(/`([A-Z_]+)`/g)) documented[code!] = Number(status);
    }
    expect(documented).toEqual({ ...HTTP_STATUS });
  });
});

describe('problem details', () => {
  it('keep a known error’s code, message and details below 500, and never a stack', () => {
    const problem = toProblem(
      new Mark1Error('PLUGIN_NOT_FOUND', 'No plugin x.', {
        details: { plugin: 'x', missing: undefined },
      }),
      {
        requestId: 'r1',
        instance: '/api/v1/plugins/x',
      },
    );
    expect(problem).toEqual({
      type: 'urn:mark1:error:PLUGIN_NOT_FOUND',
      title: 'Not Found',
      status: 404,
      detail: 'No plugin x.',
      instance: '/api/v1/plugins/x',
      code: 'PLUGIN_NOT_FOUND',
      requestId: 'r1',
      details: { plugin: 'x' },
    });
  });

  it('hide an unknown error behind the request id, and details of server errors', () => {
    const unknown = toProblem(new TypeError('secret internal detail at /srv/app.js:12'), {
      requestId: 'r2',
      instance: '/x',
    });
    expect(unknown).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(unknown.detail).toContain('r2');
    expect(JSON.stringify(unknown)).not.toContain('secret internal detail');
    const database = toProblem(
      new Mark1Error('DATABASE_ERROR', 'The database failed.', { details: { sql: 'select 1' } }),
      { requestId: 'r3', instance: '/x' },
    );
    expect(database).not.toHaveProperty('details');
  });

  it('turn field issues into the errors list', () => {
    const problem = toProblem(
      new Mark1Error('REQUEST_INVALID', 'bad', {
        details: { issues: [{ path: 'body.name', message: 'required' }] },
      }),
      { requestId: 'r4', instance: '/x' },
    );
    expect(problem.errors).toEqual([{ path: 'body.name', message: 'required' }]);
    expect(problem).not.toHaveProperty('details');
  });
});
