import { Mark1Error } from '@mark1/sdk';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiErrorCodes, apiError } from './api-error-codes';

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
  validation?: { instancePath?: string; message?: string }[];
  validationContext?: string;
}

function fieldPath(context: string | undefined, instancePath: string | undefined): string {
  const segments = (instancePath ?? '').split('/').filter((segment) => segment !== '');
  return [context ?? 'body', ...segments].join('.');
}

/**
 * Turns what Fastify and its plugins throw (schema validation, body limits, content types,
 * multipart limits) into Mark-1 errors with API codes, keeping Mark-1 errors as they are. Errors
 * this does not recognise are returned unchanged and become a 500.
 */
export function normalizeError(
  error: unknown,
  limits: { bodyLimit: number; uploadLimit: number },
): unknown {
  if (Mark1Error.isInstance(error)) return error;
  const failure = (error ?? {}) as FastifyLikeError;
  if (
    hasZodFastifySchemaValidationErrors(error) ||
    (Array.isArray(failure.validation) && failure.validation.length > 0)
  ) {
    const issues = (failure.validation ?? []).map((issue) => ({
      path: fieldPath(failure.validationContext, issue.instancePath),
      message: issue.message ?? 'invalid',
    }));
    const summary = issues
      .slice(0, 5)
      .map((issue) => `${issue.path}: ${issue.message}`)
      .join('; ');
    return apiError(
      ApiErrorCodes.REQUEST_INVALID,
      `The request does not match this endpoint's schema: ${summary}. Fix these fields and send it again.`,
      {
        cause: error,
        details: { issues },
      },
    );
  }
  switch (failure.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return apiError(
        ApiErrorCodes.PAYLOAD_TOO_LARGE,
        `The request body is larger than ${limits.bodyLimit} bytes, the limit of this server (api.body_limit / MARK1_API_BODY_LIMIT). Send less, or put large data in a context or a file under an allowed folder.`,
        { cause: error, details: { limitBytes: limits.bodyLimit } },
      );
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return apiError(
        ApiErrorCodes.PAYLOAD_TOO_LARGE,
        `The upload is larger than ${limits.uploadLimit} bytes or has too many parts; this server accepts one archive of at most that size (api.upload_limit / MARK1_API_UPLOAD_LIMIT).`,
        { cause: error, details: { limitBytes: limits.uploadLimit } },
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return apiError(
        ApiErrorCodes.UNSUPPORTED_MEDIA_TYPE,
        'This endpoint does not read that content type: send application/json (or multipart/form-data with an `archive` file to POST /plugins/install).',
        { cause: error },
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return apiError(
        ApiErrorCodes.REQUEST_INVALID,
        `The request body is not valid JSON (${failure.message ?? 'unreadable'}). Send a JSON object.`,
        {
          cause: error,
        },
      );
    default:
      break;
  }
  if (
    typeof failure.statusCode === 'number' &&
    failure.statusCode >= 400 &&
    failure.statusCode < 500
  ) {
    return apiError(
      ApiErrorCodes.REQUEST_INVALID,
      failure.message ?? 'The request cannot be read.',
      { cause: error },
    );
  }
  return error;
}
