import { Mark1Error, type Mark1ErrorOptions } from '@mark1/sdk';

/** Error codes raised by `@mark1/context`. */
export const ContextErrorCodes = {
  /** A string given as an artifact hash is not 64 hexadecimal characters. */
  ARTIFACT_HASH_INVALID: 'ARTIFACT_HASH_INVALID',
  /** No artifact with this hash exists under the artifacts folder. */
  ARTIFACT_NOT_FOUND: 'ARTIFACT_NOT_FOUND',
  /** The file handed to `putFile` does not exist or is not a regular file. */
  ARTIFACT_SOURCE_MISSING: 'ARTIFACT_SOURCE_MISSING',
  /** The artifacts folder could not be created or written. */
  ARTIFACT_WRITE_FAILED: 'ARTIFACT_WRITE_FAILED',
  /** Bytes claimed to have a hash do not (an edited export file, a damaged artifact). */
  ARTIFACT_INTEGRITY: 'ARTIFACT_INTEGRITY',
  /** A context handed to the store does not match its schema (empty key, bad TTL, no value). */
  CONTEXT_INVALID: 'CONTEXT_INVALID',
  /** A context that was asked for by key does not exist or has expired. */
  CONTEXT_NOT_FOUND: 'CONTEXT_NOT_FOUND',
  /** A stored context could not be decoded (damaged compressed payload or artifact envelope). */
  CONTEXT_CORRUPT: 'CONTEXT_CORRUPT',
  /** A context export file is not JSON or does not match the export format. */
  CONTEXT_IMPORT_INVALID: 'CONTEXT_IMPORT_INVALID',
  /** The data types of a conversion are not convertible (see `compatibility` in `@mark1/sdk`). */
  CONVERSION_UNSUPPORTED: 'CONVERSION_UNSUPPORTED',
  /** A value does not have the shape its data type or the conversion needs (a scalar for a table). */
  CONVERSION_INPUT_INVALID: 'CONVERSION_INPUT_INVALID',
  /** A file named by a value could not be read, or is not text where text is needed. */
  CONVERSION_FILE_UNREADABLE: 'CONVERSION_FILE_UNREADABLE',
  /** A field-rename map would give two fields the same name, or cannot apply to the value. */
  RENAME_INVALID: 'RENAME_INVALID',
  /** Text given as JSON is not valid JSON. */
  JSON_PARSE_ERROR: 'JSON_PARSE_ERROR',
  /** Text given as CSV is not RFC 4180 CSV (an unclosed quote, a row of the wrong length). */
  CSV_PARSE_ERROR: 'CSV_PARSE_ERROR',
  /** Text given as YAML is not valid YAML. */
  YAML_PARSE_ERROR: 'YAML_PARSE_ERROR',
  /** Text given as XML is not well-formed XML. */
  XML_PARSE_ERROR: 'XML_PARSE_ERROR',
  /** XML carries a DTD or a custom entity, which are refused (they enable XXE and entity bombs). */
  XML_DTD_REFUSED: 'XML_DTD_REFUSED',
} as const;

/** A code raised by `@mark1/context`. */
export type ContextErrorCode = (typeof ContextErrorCodes)[keyof typeof ContextErrorCodes];

/** A {@link Mark1Error} with a context code. */
export function contextError(
  code: ContextErrorCode,
  message: string,
  options: Mark1ErrorOptions = {},
): Mark1Error {
  return new Mark1Error(code, message, options);
}
