import { Mark1Error, SdkErrorCodes, type SdkErrorCode } from '@mark1/sdk';
import { StorageErrorCodes, type StorageErrorCode } from '@mark1/storage';
import { RegistryErrorCodes, type RegistryErrorCode } from '@mark1/registry';
import { ContextErrorCodes, type ContextErrorCode } from '@mark1/context';
import { ScannerErrorCodes, type ScannerErrorCode } from '@mark1/scanner';
import { PlannerErrorCodes, type PlannerErrorCode } from '@mark1/planner';
import { ExecutorErrorCodes, type ExecutorErrorCode } from '@mark1/executor';
import { ApiErrorCodes, type ApiErrorCode } from './api-error-codes';

/** Every error code the API can meet. */
export type KnownErrorCode =
  | SdkErrorCode
  | StorageErrorCode
  | RegistryErrorCode
  | ContextErrorCode
  | ScannerErrorCode
  | PlannerErrorCode
  | ExecutorErrorCode
  | ApiErrorCode;

const BAD_REQUEST = 400;
const UNAUTHORIZED = 401;
const FORBIDDEN = 403;
const NOT_FOUND = 404;
const CONFLICT = 409;
const PAYLOAD_TOO_LARGE = 413;
const UNSUPPORTED_MEDIA_TYPE = 415;
const UNPROCESSABLE = 422;
const TOO_MANY_REQUESTS = 429;
const INTERNAL = 500;
const BAD_GATEWAY = 502;
const UNAVAILABLE = 503;
const GATEWAY_TIMEOUT = 504;

/**
 * The HTTP status of every known error code. Exhaustive: a package that adds a code breaks the
 * build here until the code is given its status. 400 is a malformed request, 422 a well-formed one
 * that cannot be carried out as asked, 409 a clash with the current state, 502/504 a failure of
 * something the server called (git, a model), 500 the server's own failure.
 */
export const HTTP_STATUS: { readonly [Code in KnownErrorCode]: number } = {
  [ApiErrorCodes.UNAUTHENTICATED]: UNAUTHORIZED,
  [ApiErrorCodes.API_KEY_INVALID]: UNAUTHORIZED,
  [ApiErrorCodes.API_KEY_REVOKED]: UNAUTHORIZED,
  [ApiErrorCodes.API_KEY_EXPIRED]: UNAUTHORIZED,
  [ApiErrorCodes.TOKEN_INVALID]: UNAUTHORIZED,
  [ApiErrorCodes.FORBIDDEN]: FORBIDDEN,
  [ApiErrorCodes.RATE_LIMITED]: TOO_MANY_REQUESTS,
  [ApiErrorCodes.PAYLOAD_TOO_LARGE]: PAYLOAD_TOO_LARGE,
  [ApiErrorCodes.UNSUPPORTED_MEDIA_TYPE]: UNSUPPORTED_MEDIA_TYPE,
  [ApiErrorCodes.REQUEST_INVALID]: BAD_REQUEST,
  [ApiErrorCodes.ROUTE_NOT_FOUND]: NOT_FOUND,
  [ApiErrorCodes.PATH_NOT_ALLOWED]: FORBIDDEN,
  [ApiErrorCodes.IDEMPOTENCY_KEY_INVALID]: BAD_REQUEST,
  [ApiErrorCodes.IDEMPOTENCY_KEY_REUSED]: UNPROCESSABLE,
  [ApiErrorCodes.IDEMPOTENCY_KEY_IN_PROGRESS]: CONFLICT,
  [ApiErrorCodes.ORCHESTRATION_NOT_FOUND]: NOT_FOUND,
  [ApiErrorCodes.PLAN_NOT_RUNNABLE]: UNPROCESSABLE,
  [ApiErrorCodes.OPERATION_NOT_FOUND]: NOT_FOUND,
  [ApiErrorCodes.SERVICE_UNAVAILABLE]: UNAVAILABLE,
  [ApiErrorCodes.INSECURE_BIND]: INTERNAL,
  [ApiErrorCodes.INTERNAL_ERROR]: INTERNAL,

  [SdkErrorCodes.MANIFEST_PARSE_ERROR]: UNPROCESSABLE,
  [SdkErrorCodes.MANIFEST_INVALID]: UNPROCESSABLE,
  [SdkErrorCodes.MANIFEST_UNKNOWN_FORMAT]: UNPROCESSABLE,
  [SdkErrorCodes.WORKFLOW_PARSE_ERROR]: BAD_REQUEST,
  [SdkErrorCodes.WORKFLOW_INVALID]: UNPROCESSABLE,
  [SdkErrorCodes.EXPRESSION_SYNTAX]: UNPROCESSABLE,
  [SdkErrorCodes.EXPRESSION_EVALUATION]: UNPROCESSABLE,
  [SdkErrorCodes.INVALID_ARGUMENT]: BAD_REQUEST,

  [StorageErrorCodes.CONFIG_PARSE_ERROR]: INTERNAL,
  [StorageErrorCodes.CONFIG_INVALID]: INTERNAL,
  [StorageErrorCodes.HOME_NOT_WRITABLE]: INTERNAL,
  [StorageErrorCodes.DATABASE_URL_UNSUPPORTED]: INTERNAL,
  [StorageErrorCodes.DATABASE_URL_INVALID]: INTERNAL,
  [StorageErrorCodes.DATABASE_UNREACHABLE]: UNAVAILABLE,
  [StorageErrorCodes.DATABASE_READ_ONLY]: UNAVAILABLE,
  [StorageErrorCodes.DATABASE_NOT_INITIALIZED]: UNAVAILABLE,
  [StorageErrorCodes.DATABASE_ERROR]: INTERNAL,
  [StorageErrorCodes.DRIVER_MISSING]: INTERNAL,
  [StorageErrorCodes.MIGRATION_FAILED]: UNAVAILABLE,
  [StorageErrorCodes.NOT_FOUND]: NOT_FOUND,
  [StorageErrorCodes.CONFLICT]: CONFLICT,
  [StorageErrorCodes.STATE_TRANSITION_INVALID]: CONFLICT,
  [StorageErrorCodes.INVALID_RECORD]: BAD_REQUEST,
  [StorageErrorCodes.READ_ONLY_VIOLATION]: FORBIDDEN,
  [StorageErrorCodes.SQL_ERROR]: BAD_REQUEST,
  [StorageErrorCodes.UNKNOWN_TABLE]: BAD_REQUEST,
  [StorageErrorCodes.UNKNOWN_COLUMN]: BAD_REQUEST,

  [RegistryErrorCodes.SOURCE_INVALID]: BAD_REQUEST,
  [RegistryErrorCodes.SOURCE_UNSUPPORTED]: UNPROCESSABLE,
  [RegistryErrorCodes.SOURCE_NOT_FOUND]: UNPROCESSABLE,
  [RegistryErrorCodes.REF_INVALID]: BAD_REQUEST,
  [RegistryErrorCodes.REF_NOT_FOUND]: UNPROCESSABLE,
  [RegistryErrorCodes.GIT_FAILED]: BAD_GATEWAY,
  [RegistryErrorCodes.UNSAFE_PATH]: UNPROCESSABLE,
  [RegistryErrorCodes.UNSAFE_LINK]: UNPROCESSABLE,
  [RegistryErrorCodes.UNSAFE_ENTRY]: UNPROCESSABLE,
  [RegistryErrorCodes.SOURCE_TOO_LARGE]: PAYLOAD_TOO_LARGE,
  [RegistryErrorCodes.ARCHIVE_INVALID]: UNPROCESSABLE,
  [RegistryErrorCodes.PLUGIN_NAME_INVALID]: BAD_REQUEST,
  [RegistryErrorCodes.PLUGIN_NOT_FOUND]: NOT_FOUND,
  [RegistryErrorCodes.PLUGIN_DISABLED]: CONFLICT,
  [RegistryErrorCodes.PLUGIN_ALREADY_INSTALLED]: CONFLICT,
  [RegistryErrorCodes.VERSION_NOT_FOUND]: NOT_FOUND,
  [RegistryErrorCodes.MANIFEST_MISSING]: UNPROCESSABLE,
  [RegistryErrorCodes.CONFIGURATION_INVALID]: BAD_REQUEST,
  [RegistryErrorCodes.CONFIGURATION_MISSING]: UNPROCESSABLE,
  [RegistryErrorCodes.CONFIRMATION_REQUIRED]: UNPROCESSABLE,
  [RegistryErrorCodes.CONFIRMATION_DECLINED]: UNPROCESSABLE,
  [RegistryErrorCodes.VALIDATION_FAILED]: UNPROCESSABLE,
  [RegistryErrorCodes.RUNTIME_MISSING]: UNPROCESSABLE,
  [RegistryErrorCodes.ENVIRONMENT_FAILED]: UNPROCESSABLE,
  [RegistryErrorCodes.DEPENDENCIES_FAILED]: UNPROCESSABLE,
  [RegistryErrorCodes.SECRET_KEY_INVALID]: INTERNAL,
  [RegistryErrorCodes.SECRET_DECRYPT_FAILED]: INTERNAL,
  [RegistryErrorCodes.SMOKE_TEST_FAILED]: UNPROCESSABLE,
  [RegistryErrorCodes.OPERATION_CANCELLED]: CONFLICT,
  [RegistryErrorCodes.PATH_OUTSIDE_HOME]: UNPROCESSABLE,
  [RegistryErrorCodes.TARGET_EXISTS]: CONFLICT,
  [RegistryErrorCodes.FILESYSTEM_ERROR]: INTERNAL,
  [RegistryErrorCodes.HEALTH_CHECK_FAILED]: UNPROCESSABLE,

  [ContextErrorCodes.ARTIFACT_HASH_INVALID]: BAD_REQUEST,
  [ContextErrorCodes.ARTIFACT_NOT_FOUND]: NOT_FOUND,
  [ContextErrorCodes.ARTIFACT_SOURCE_MISSING]: UNPROCESSABLE,
  [ContextErrorCodes.ARTIFACT_WRITE_FAILED]: INTERNAL,
  [ContextErrorCodes.ARTIFACT_INTEGRITY]: INTERNAL,
  [ContextErrorCodes.CONTEXT_INVALID]: BAD_REQUEST,
  [ContextErrorCodes.CONTEXT_NOT_FOUND]: NOT_FOUND,
  [ContextErrorCodes.CONTEXT_CORRUPT]: INTERNAL,
  [ContextErrorCodes.CONTEXT_IMPORT_INVALID]: BAD_REQUEST,
  [ContextErrorCodes.CONVERSION_UNSUPPORTED]: UNPROCESSABLE,
  [ContextErrorCodes.CONVERSION_INPUT_INVALID]: UNPROCESSABLE,
  [ContextErrorCodes.CONVERSION_FILE_UNREADABLE]: UNPROCESSABLE,
  [ContextErrorCodes.RENAME_INVALID]: BAD_REQUEST,
  [ContextErrorCodes.JSON_PARSE_ERROR]: UNPROCESSABLE,
  [ContextErrorCodes.CSV_PARSE_ERROR]: UNPROCESSABLE,
  [ContextErrorCodes.YAML_PARSE_ERROR]: UNPROCESSABLE,
  [ContextErrorCodes.XML_PARSE_ERROR]: UNPROCESSABLE,
  [ContextErrorCodes.XML_DTD_REFUSED]: UNPROCESSABLE,

  [ScannerErrorCodes.SCAN_PATH_NOT_FOUND]: NOT_FOUND,
  [ScannerErrorCodes.SCAN_PATH_NOT_DIRECTORY]: UNPROCESSABLE,
  [ScannerErrorCodes.SCAN_OPTIONS_INVALID]: BAD_REQUEST,
  [ScannerErrorCodes.SCAN_ABORTED]: UNAVAILABLE,
  [ScannerErrorCodes.GRAMMAR_UNAVAILABLE]: INTERNAL,
  [ScannerErrorCodes.PROFILE_INVALID]: INTERNAL,
  [ScannerErrorCodes.NO_CAPABILITIES]: UNPROCESSABLE,
  [ScannerErrorCodes.GENERATED_MANIFEST_INVALID]: UNPROCESSABLE,

  [PlannerErrorCodes.INVALID_REQUEST]: BAD_REQUEST,
  [PlannerErrorCodes.INVALID_OPTIONS]: BAD_REQUEST,
  [PlannerErrorCodes.EMPTY_CATALOG]: UNPROCESSABLE,
  [PlannerErrorCodes.LLM_UNAVAILABLE]: BAD_GATEWAY,
  [PlannerErrorCodes.LLM_TIMEOUT]: GATEWAY_TIMEOUT,
  [PlannerErrorCodes.LLM_DEPENDENCY_MISSING]: INTERNAL,

  [ExecutorErrorCodes.STEP_FAILED]: UNPROCESSABLE,
  [ExecutorErrorCodes.WORKFLOW_INPUT_INVALID]: UNPROCESSABLE,
  [ExecutorErrorCodes.STEP_INPUT_INVALID]: UNPROCESSABLE,
  [ExecutorErrorCodes.EXPRESSION_FAILED]: UNPROCESSABLE,
  [ExecutorErrorCodes.INPUT_PATH_NOT_FOUND]: UNPROCESSABLE,
  [ExecutorErrorCodes.CONVERSION_FAILED]: UNPROCESSABLE,
  [ExecutorErrorCodes.SECRET_NOT_AVAILABLE]: UNPROCESSABLE,
  [ExecutorErrorCodes.ENV_MISSING]: UNPROCESSABLE,
  [ExecutorErrorCodes.SPAWN_FAILED]: UNPROCESSABLE,
  [ExecutorErrorCodes.PLUGIN_EXIT_NONZERO]: UNPROCESSABLE,
  [ExecutorErrorCodes.PLUGIN_ERROR]: UNPROCESSABLE,
  [ExecutorErrorCodes.TIMEOUT]: GATEWAY_TIMEOUT,
  [ExecutorErrorCodes.RUN_TIMEOUT]: GATEWAY_TIMEOUT,
  [ExecutorErrorCodes.MEMORY_LIMIT]: UNPROCESSABLE,
  [ExecutorErrorCodes.CPU_LIMIT]: UNPROCESSABLE,
  [ExecutorErrorCodes.FILE_SIZE_LIMIT]: UNPROCESSABLE,
  [ExecutorErrorCodes.PROCESS_LIMIT]: UNPROCESSABLE,
  [ExecutorErrorCodes.OUTPUT_TOO_LARGE]: UNPROCESSABLE,
  [ExecutorErrorCodes.OUTPUT_INVALID]: UNPROCESSABLE,
  [ExecutorErrorCodes.HTTP_ERROR]: BAD_GATEWAY,
  [ExecutorErrorCodes.CONTAINER_ENGINE_UNAVAILABLE]: UNPROCESSABLE,
  [ExecutorErrorCodes.NETWORK_NOT_PERMITTED]: FORBIDDEN,
  [ExecutorErrorCodes.SANDBOX_UNAVAILABLE]: UNPROCESSABLE,
  [ExecutorErrorCodes.IN_PROCESS_NOT_ALLOWED]: UNPROCESSABLE,
  [ExecutorErrorCodes.ENTRY_POINT_UNSUPPORTED]: UNPROCESSABLE,
  [ExecutorErrorCodes.CAPABILITY_NOT_FOUND]: NOT_FOUND,
  [ExecutorErrorCodes.CANCELLED]: CONFLICT,
  [ExecutorErrorCodes.INTERRUPTED]: CONFLICT,
  [ExecutorErrorCodes.RUN_NOT_FOUND]: NOT_FOUND,
  [ExecutorErrorCodes.RUN_STATE_INVALID]: CONFLICT,
  [ExecutorErrorCodes.RUN_IN_PROGRESS]: CONFLICT,
  [ExecutorErrorCodes.INTERNAL]: INTERNAL,
};

/** The HTTP status for anything thrown: a known code's entry, else 500. */
export function httpStatusFor(error: unknown): number {
  if (!Mark1Error.isInstance(error)) return INTERNAL;
  return (HTTP_STATUS as Readonly<Record<string, number>>)[error.code] ?? INTERNAL;
}
