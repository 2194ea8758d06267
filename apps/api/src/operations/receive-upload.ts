import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { ApiErrorCodes, apiError } from '../errors/api-error-codes';

const ARCHIVE_SUFFIX = /\.(tar\.gz|tgz|tar|zip)$/i;

/** An uploaded archive written to a private temporary folder, with the form's other fields. */
export interface ReceivedUpload {
  /** The archive's path (keeps the uploaded name's suffix, which tells the registry its format). */
  readonly path: string;
  /** The folder to delete afterwards. */
  readonly folder: string;
  /** The name the client gave the file. */
  readonly filename: string;
  /** Text fields of the form; repeated fields (`env`) keep every value. */
  readonly fields: Readonly<Record<string, string[]>>;
}

/**
 * Reads a `multipart/form-data` install request: one file field `archive` (a .tar.gz, .tgz, .tar
 * or .zip, at most the upload limit) streamed to disk, and text fields. Nothing is unpacked here:
 * the registry's safe unpacker does that. On any failure the temporary folder is removed.
 */
export async function receiveUpload(request: FastifyRequest): Promise<ReceivedUpload> {
  const folder = mkdtempSync(join(tmpdir(), 'mark1-upload-'));
  const fields: Record<string, string[]> = {};
  let archive: { path: string; filename: string } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'archive' || archive) {
          part.file.resume();
          throw apiError(
            ApiErrorCodes.REQUEST_INVALID,
            `The form may hold one file, in the field "archive" (got "${part.fieldname}").`,
          );
        }
        const filename = basename(part.filename || 'plugin');
        if (!ARCHIVE_SUFFIX.test(filename)) {
          part.file.resume();
          throw apiError(
            ApiErrorCodes.REQUEST_INVALID,
            `The uploaded file "${filename}" is not a .tar.gz, .tgz, .tar or .zip archive.`,
          );
        }
        const path = join(folder, `upload${ARCHIVE_SUFFIX.exec(filename)![0].toLowerCase()}`);
        await pipeline(part.file, createWriteStream(path, { mode: 0o600 }));
        if (part.file.truncated) {
          throw apiError(
            ApiErrorCodes.PAYLOAD_TOO_LARGE,
            'The uploaded archive is larger than this server accepts (api.upload_limit).',
          );
        }
        archive = { path, filename };
      } else {
        (fields[part.fieldname] ??= []).push(String(part.value));
      }
    }
    if (!archive) {
      throw apiError(
        ApiErrorCodes.REQUEST_INVALID,
        'The form has no file: send the plugin archive in the field "archive".',
      );
    }
    return { ...archive, folder, fields };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}
