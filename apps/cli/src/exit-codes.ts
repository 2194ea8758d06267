import { Mark1Error, SdkErrorCodes, type SdkErrorCode } from '@mark1/sdk';
import { ContextErrorCodes, type ContextErrorCode } from '@mark1/context';
import { ScannerErrorCodes, type ScannerErrorCode } from '@mark1/scanner';
import { RegistryErrorCodes, type RegistryErrorCode } from '@mark1/registry';
import { ExecutorErrorCodes, type ExecutorErrorCode } from '@mark1/executor';
import { PlannerErrorCodes, type PlannerErrorCode } from '@mark1/planner';
import { StorageErrorCodes, type StorageErrorCode } from '@mark1/storage';
import { CliErrorCodes, type CliErrorCode } from './errors';

/**
 * Process exit codes: 0 success, 1 failure, 2 usage error: the command line itself is wrong (an
 * unknown option, a malformed argument or input value, a missing --yes). A well-formed command that
 * fails against the world (a path that does not exist, a plugin that fails) is a failure.
 */
export const ExitCode = { OK: 0, FAILURE: 1, USAGE: 2 } as const;
/** A process exit code. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Every error code the CLI can meet. */
export type KnownErrorCode =
  | SdkErrorCode
  | StorageErrorCode
  | ContextErrorCode
  | ScannerErrorCode
  | RegistryErrorCode
  | ExecutorErrorCode
  | PlannerErrorCode
  | CliErrorCode;

/**
 * The exit code of every known error code. Exhaustive: a package that adds a code breaks the
 * build here until the code is given its exit code.
 */
export const EXIT_CODES: { readonly [Code in KnownErrorCode]: ExitCode } = {
  [CliErrorCodes.USAGE_ERROR]: ExitCode.USAGE,
  [CliErrorCodes.INTERNAL_ERROR]: ExitCode.FAILURE,
  [CliErrorCodes.PLAN_NOT_RUNNABLE]: ExitCode.FAILURE,

  [SdkErrorCodes.MANIFEST_PARSE_ERROR]: ExitCode.FAILURE,
  [SdkErrorCodes.MANIFEST_INVALID]: ExitCode.FAILURE,
  [SdkErrorCodes.MANIFEST_UNKNOWN_FORMAT]: ExitCode.FAILURE,
  [SdkErrorCodes.WORKFLOW_PARSE_ERROR]: ExitCode.FAILURE,
  [SdkErrorCodes.WORKFLOW_INVALID]: ExitCode.FAILURE,
  [SdkErrorCodes.EXPRESSION_SYNTAX]: ExitCode.FAILURE,
  [SdkErrorCodes.EXPRESSION_EVALUATION]: ExitCode.FAILURE,
  [SdkErrorCodes.INVALID_ARGUMENT]: ExitCode.USAGE,

  [StorageErrorCodes.CONFIG_PARSE_ERROR]: ExitCode.FAILURE,
  [StorageErrorCodes.CONFIG_INVALID]: ExitCode.FAILURE,
  [StorageErrorCodes.HOME_NOT_WRITABLE]: ExitCode.FAILURE,
  [StorageErrorCodes.DATABASE_URL_UNSUPPORTED]: ExitCode.FAILURE,
  [StorageErrorCodes.DATABASE_URL_INVALID]: ExitCode.FAILURE,
  [StorageErrorCodes.DATABASE_UNREACHABLE]: ExitCode.FAILURE,
  [StorageErrorCodes.DATABASE_READ_ONLY]: ExitCode.FAILURE,
  [StorageErrorCodes.DATABASE_NOT_INITIALIZED]: ExitCode.FAILURE,
  [StorageErrorCodes.DATABASE_ERROR]: ExitCode.FAILURE,
  [StorageErrorCodes.DRIVER_MISSING]: ExitCode.FAILURE,
  [StorageErrorCodes.MIGRATION_FAILED]: ExitCode.FAILURE,
  [StorageErrorCodes.NOT_FOUND]: ExitCode.FAILURE,
  [StorageErrorCodes.CONFLICT]: ExitCode.FAILURE,
  [StorageErrorCodes.STATE_TRANSITION_INVALID]: ExitCode.FAILURE,
  [StorageErrorCodes.INVALID_RECORD]: ExitCode.FAILURE,
  [StorageErrorCodes.READ_ONLY_VIOLATION]: ExitCode.FAILURE,
  [StorageErrorCodes.SQL_ERROR]: ExitCode.FAILURE,
  [StorageErrorCodes.UNKNOWN_TABLE]: ExitCode.USAGE,
  [StorageErrorCodes.UNKNOWN_COLUMN]: ExitCode.USAGE,

  [ContextErrorCodes.ARTIFACT_HASH_INVALID]: ExitCode.FAILURE,
  [ContextErrorCodes.ARTIFACT_NOT_FOUND]: ExitCode.FAILURE,
  [ContextErrorCodes.ARTIFACT_SOURCE_MISSING]: ExitCode.FAILURE,
  [ContextErrorCodes.ARTIFACT_WRITE_FAILED]: ExitCode.FAILURE,
  [ContextErrorCodes.ARTIFACT_INTEGRITY]: ExitCode.FAILURE,
  [ContextErrorCodes.CONTEXT_INVALID]: ExitCode.USAGE,
  [ContextErrorCodes.CONTEXT_NOT_FOUND]: ExitCode.FAILURE,
  [ContextErrorCodes.CONTEXT_CORRUPT]: ExitCode.FAILURE,
  [ContextErrorCodes.CONTEXT_IMPORT_INVALID]: ExitCode.FAILURE,
  [ContextErrorCodes.CONVERSION_UNSUPPORTED]: ExitCode.FAILURE,
  [ContextErrorCodes.CONVERSION_INPUT_INVALID]: ExitCode.FAILURE,
  [ContextErrorCodes.CONVERSION_FILE_UNREADABLE]: ExitCode.FAILURE,
  [ContextErrorCodes.RENAME_INVALID]: ExitCode.USAGE,
  [ContextErrorCodes.JSON_PARSE_ERROR]: ExitCode.FAILURE,
  [ContextErrorCodes.CSV_PARSE_ERROR]: ExitCode.FAILURE,
  [ContextErrorCodes.YAML_PARSE_ERROR]: ExitCode.FAILURE,
  [ContextErrorCodes.XML_PARSE_ERROR]: ExitCode.FAILURE,
  [ContextErrorCodes.XML_DTD_REFUSED]: ExitCode.FAILURE,

  [ScannerErrorCodes.SCAN_PATH_NOT_FOUND]: ExitCode.FAILURE,
  [ScannerErrorCodes.SCAN_PATH_NOT_DIRECTORY]: ExitCode.FAILURE,
  [ScannerErrorCodes.SCAN_OPTIONS_INVALID]: ExitCode.USAGE,
  [ScannerErrorCodes.SCAN_ABORTED]: ExitCode.FAILURE,
  [ScannerErrorCodes.GRAMMAR_UNAVAILABLE]: ExitCode.FAILURE,
  [ScannerErrorCodes.PROFILE_INVALID]: ExitCode.FAILURE,
  [ScannerErrorCodes.NO_CAPABILITIES]: ExitCode.FAILURE,
  [ScannerErrorCodes.GENERATED_MANIFEST_INVALID]: ExitCode.FAILURE,

  [RegistryErrorCodes.SOURCE_INVALID]: ExitCode.USAGE,
  [RegistryErrorCodes.SOURCE_UNSUPPORTED]: ExitCode.USAGE,
  [RegistryErrorCodes.SOURCE_NOT_FOUND]: ExitCode.FAILURE,
  [RegistryErrorCodes.REF_INVALID]: ExitCode.USAGE,
  [RegistryErrorCodes.REF_NOT_FOUND]: ExitCode.FAILURE,
  [RegistryErrorCodes.GIT_FAILED]: ExitCode.FAILURE,
  [RegistryErrorCodes.UNSAFE_PATH]: ExitCode.FAILURE,
  [RegistryErrorCodes.UNSAFE_LINK]: ExitCode.FAILURE,
  [RegistryErrorCodes.UNSAFE_ENTRY]: ExitCode.FAILURE,
  [RegistryErrorCodes.SOURCE_TOO_LARGE]: ExitCode.FAILURE,
  [RegistryErrorCodes.ARCHIVE_INVALID]: ExitCode.FAILURE,
  [RegistryErrorCodes.PLUGIN_NAME_INVALID]: ExitCode.USAGE,
  [RegistryErrorCodes.PLUGIN_NOT_FOUND]: ExitCode.FAILURE,
  [RegistryErrorCodes.PLUGIN_DISABLED]: ExitCode.FAILURE,
  [RegistryErrorCodes.PLUGIN_ALREADY_INSTALLED]: ExitCode.FAILURE,
  [RegistryErrorCodes.VERSION_NOT_FOUND]: ExitCode.FAILURE,
  [RegistryErrorCodes.MANIFEST_MISSING]: ExitCode.FAILURE,
  [RegistryErrorCodes.CONFIGURATION_INVALID]: ExitCode.USAGE,
  [RegistryErrorCodes.CONFIGURATION_MISSING]: ExitCode.FAILURE,
  [RegistryErrorCodes.CONFIRMATION_REQUIRED]: ExitCode.USAGE,
  [RegistryErrorCodes.CONFIRMATION_DECLINED]: ExitCode.FAILURE,
  [RegistryErrorCodes.VALIDATION_FAILED]: ExitCode.FAILURE,
  [RegistryErrorCodes.RUNTIME_MISSING]: ExitCode.FAILURE,
  [RegistryErrorCodes.ENVIRONMENT_FAILED]: ExitCode.FAILURE,
  [RegistryErrorCodes.DEPENDENCIES_FAILED]: ExitCode.FAILURE,
  [RegistryErrorCodes.SECRET_KEY_INVALID]: ExitCode.FAILURE,
  [RegistryErrorCodes.SECRET_DECRYPT_FAILED]: ExitCode.FAILURE,
  [RegistryErrorCodes.SMOKE_TEST_FAILED]: ExitCode.FAILURE,
  [RegistryErrorCodes.HEALTH_CHECK_FAILED]: ExitCode.FAILURE,
  [RegistryErrorCodes.OPERATION_CANCELLED]: ExitCode.FAILURE,
  [RegistryErrorCodes.PATH_OUTSIDE_HOME]: ExitCode.FAILURE,
  [RegistryErrorCodes.TARGET_EXISTS]: ExitCode.FAILURE,
  [RegistryErrorCodes.FILESYSTEM_ERROR]: ExitCode.FAILURE,

  [ExecutorErrorCodes.STEP_FAILED]: ExitCode.FAILURE,
  [ExecutorErrorCodes.WORKFLOW_INPUT_INVALID]: ExitCode.USAGE,
  [ExecutorErrorCodes.STEP_INPUT_INVALID]: ExitCode.USAGE,
  [ExecutorErrorCodes.EXPRESSION_FAILED]: ExitCode.FAILURE,
  [ExecutorErrorCodes.INPUT_PATH_NOT_FOUND]: ExitCode.FAILURE,
  [ExecutorErrorCodes.CONVERSION_FAILED]: ExitCode.FAILURE,
  [ExecutorErrorCodes.SECRET_NOT_AVAILABLE]: ExitCode.FAILURE,
  [ExecutorErrorCodes.ENV_MISSING]: ExitCode.FAILURE,
  [ExecutorErrorCodes.SPAWN_FAILED]: ExitCode.FAILURE,
  [ExecutorErrorCodes.PLUGIN_EXIT_NONZERO]: ExitCode.FAILURE,
  [ExecutorErrorCodes.PLUGIN_ERROR]: ExitCode.FAILURE,
  [ExecutorErrorCodes.TIMEOUT]: ExitCode.FAILURE,
  [ExecutorErrorCodes.RUN_TIMEOUT]: ExitCode.FAILURE,
  [ExecutorErrorCodes.MEMORY_LIMIT]: ExitCode.FAILURE,
  [ExecutorErrorCodes.CPU_LIMIT]: ExitCode.FAILURE,
  [ExecutorErrorCodes.FILE_SIZE_LIMIT]: ExitCode.FAILURE,
  [ExecutorErrorCodes.PROCESS_LIMIT]: ExitCode.FAILURE,
  [ExecutorErrorCodes.OUTPUT_TOO_LARGE]: ExitCode.FAILURE,
  [ExecutorErrorCodes.OUTPUT_INVALID]: ExitCode.FAILURE,
  [ExecutorErrorCodes.HTTP_ERROR]: ExitCode.FAILURE,
  [ExecutorErrorCodes.CONTAINER_ENGINE_UNAVAILABLE]: ExitCode.FAILURE,
  [ExecutorErrorCodes.NETWORK_NOT_PERMITTED]: ExitCode.FAILURE,
  [ExecutorErrorCodes.SANDBOX_UNAVAILABLE]: ExitCode.FAILURE,
  [ExecutorErrorCodes.IN_PROCESS_NOT_ALLOWED]: ExitCode.FAILURE,
  [ExecutorErrorCodes.ENTRY_POINT_UNSUPPORTED]: ExitCode.FAILURE,
  [ExecutorErrorCodes.CAPABILITY_NOT_FOUND]: ExitCode.FAILURE,
  [ExecutorErrorCodes.CANCELLED]: ExitCode.FAILURE,
  [ExecutorErrorCodes.INTERRUPTED]: ExitCode.FAILURE,
  [ExecutorErrorCodes.RUN_NOT_FOUND]: ExitCode.FAILURE,
  [ExecutorErrorCodes.RUN_STATE_INVALID]: ExitCode.FAILURE,
  [ExecutorErrorCodes.RUN_IN_PROGRESS]: ExitCode.FAILURE,
  [ExecutorErrorCodes.INTERNAL]: ExitCode.FAILURE,

  [PlannerErrorCodes.INVALID_REQUEST]: ExitCode.USAGE,
  [PlannerErrorCodes.INVALID_OPTIONS]: ExitCode.USAGE,
  [PlannerErrorCodes.EMPTY_CATALOG]: ExitCode.FAILURE,
  [PlannerErrorCodes.LLM_UNAVAILABLE]: ExitCode.FAILURE,
  [PlannerErrorCodes.LLM_TIMEOUT]: ExitCode.FAILURE,
  [PlannerErrorCodes.LLM_DEPENDENCY_MISSING]: ExitCode.FAILURE,
};

/** The exit code for anything thrown: a known code's entry, else failure. */
export function exitCodeFor(error: unknown): ExitCode {
  if (!Mark1Error.isInstance(error)) return ExitCode.FAILURE;
  return (EXIT_CODES as Readonly<Record<string, ExitCode>>)[error.code] ?? ExitCode.FAILURE;
}
