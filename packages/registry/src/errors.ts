import { Mark1Error, type Mark1ErrorOptions } from '@mark1/sdk';

/** Error codes raised by `@mark1/registry`. */
export const RegistryErrorCodes = {
  /** The install source is not something Mark-1 accepts (empty, starts with `-`, control characters). */
  SOURCE_INVALID: 'SOURCE_INVALID',
  /** The install source uses a scheme or file type Mark-1 refuses (`http://`, `git://`, `ext::`, a `.rar`). */
  SOURCE_UNSUPPORTED: 'SOURCE_UNSUPPORTED',
  /** The local path or archive given as the source does not exist. */
  SOURCE_NOT_FOUND: 'SOURCE_NOT_FOUND',
  /** A git ref given with `--ref` is malformed (starts with `-`, has `..`, spaces). */
  REF_INVALID: 'REF_INVALID',
  /** The git ref does not exist in the repository. */
  REF_NOT_FOUND: 'REF_NOT_FOUND',
  /** `git` failed (unreachable remote, not a repository, authentication) or is not installed. */
  GIT_FAILED: 'GIT_FAILED',
  /** An archive or folder holds a path that climbs out of it (`../`, an absolute path). */
  UNSAFE_PATH: 'UNSAFE_PATH',
  /** An archive or folder holds a symbolic or hard link that points outside of it. */
  UNSAFE_LINK: 'UNSAFE_LINK',
  /** An archive or folder holds a device file, FIFO or socket. */
  UNSAFE_ENTRY: 'UNSAFE_ENTRY',
  /** An archive or folder is larger than the unpacked-size or file-count cap (zip bombs). */
  SOURCE_TOO_LARGE: 'SOURCE_TOO_LARGE',
  /** An archive is corrupt or not of the format its name says. */
  ARCHIVE_INVALID: 'ARCHIVE_INVALID',
  /** A plugin name (from `--name` or the manifest) cannot be used. */
  PLUGIN_NAME_INVALID: 'PLUGIN_NAME_INVALID',
  /** No installed plugin has this id or name. */
  PLUGIN_NOT_FOUND: 'PLUGIN_NOT_FOUND',
  /** The plugin is installed but disabled; `mark1 plugin enable` turns it back on. */
  PLUGIN_DISABLED: 'PLUGIN_DISABLED',
  /** A plugin with this name is already installed; update it or choose another `--name`. */
  PLUGIN_ALREADY_INSTALLED: 'PLUGIN_ALREADY_INSTALLED',
  /** The plugin has no installed version with this label (rollback target, info). */
  VERSION_NOT_FOUND: 'VERSION_NOT_FOUND',
  /** The source has no manifest and none could be generated (scanner missing or found nothing). */
  MANIFEST_MISSING: 'MANIFEST_MISSING',
  /** A `--env` value is malformed, or names a variable that is not set. */
  CONFIGURATION_INVALID: 'CONFIGURATION_INVALID',
  /** Required environment variables or secrets have no value and there is no terminal to ask on. */
  CONFIGURATION_MISSING: 'CONFIGURATION_MISSING',
  /** Something needs the user's consent, there is no terminal to ask on, and `--yes` was not given. */
  CONFIRMATION_REQUIRED: 'CONFIRMATION_REQUIRED',
  /** The user answered no to a confirmation; nothing was installed. */
  CONFIRMATION_DECLINED: 'CONFIRMATION_DECLINED',
  /** Validation found errors (manifest, missing entry points); details hold the report. */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** A runtime the plugin needs (`python3`, `npm`) is missing or too old. */
  RUNTIME_MISSING: 'RUNTIME_MISSING',
  /** The plugin's environment (virtualenv, node_modules folder) could not be created. */
  ENVIRONMENT_FAILED: 'ENVIRONMENT_FAILED',
  /** Some of the plugin's dependencies could not be installed; details list them. */
  DEPENDENCIES_FAILED: 'DEPENDENCIES_FAILED',
  /** `MARK1_SECRET_KEY` or the keyfile is unusable (empty, unreadable, corrupt). */
  SECRET_KEY_INVALID: 'SECRET_KEY_INVALID',
  /** A stored secret cannot be decrypted: the key changed or the row was tampered with. */
  SECRET_DECRYPT_FAILED: 'SECRET_DECRYPT_FAILED',
  /** A capability's example failed or gave unexpected outputs during the smoke test. */
  SMOKE_TEST_FAILED: 'SMOKE_TEST_FAILED',
  /** `plugin health-check` found a plugin whose folder, environment or configuration is broken. */
  HEALTH_CHECK_FAILED: 'HEALTH_CHECK_FAILED',
  /** The operation was cancelled (signal); everything it started was removed. */
  OPERATION_CANCELLED: 'OPERATION_CANCELLED',
  /** A path computed from a name, id or stored record would leave the plugins folder. */
  PATH_OUTSIDE_HOME: 'PATH_OUTSIDE_HOME',
  /** `plugin generate` was pointed at a folder that exists and is not empty. */
  TARGET_EXISTS: 'TARGET_EXISTS',
  /** A file or folder could not be read or written (permissions, disk full). */
  FILESYSTEM_ERROR: 'FILESYSTEM_ERROR',
} as const;

/** A code raised by `@mark1/registry`. */
export type RegistryErrorCode = (typeof RegistryErrorCodes)[keyof typeof RegistryErrorCodes];

/** A {@link Mark1Error} with a registry code. */
export function registryError(
  code: RegistryErrorCode,
  message: string,
  options: Mark1ErrorOptions = {},
): Mark1Error {
  return new Mark1Error(code, message, options);
}

/** The `code` of a Node.js system error (`ENOENT`, `EACCES`), if any. */
export function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** Wraps a filesystem failure into `FILESYSTEM_ERROR` naming what was being done and where. */
export function filesystemError(action: string, path: string, error: unknown): Mark1Error {
  if (Mark1Error.isInstance(error)) return error;
  const code = errnoCode(error) ?? (error as Error)?.message ?? String(error);
  const hint =
    code === 'ENOSPC'
      ? 'free some disk space and try again'
      : code === 'EACCES' || code === 'EPERM'
        ? 'check the permissions of that folder'
        : 'check the path and try again';
  return registryError(
    RegistryErrorCodes.FILESYSTEM_ERROR,
    `Cannot ${action} ${path}: ${code}; ${hint}.`,
    {
      cause: error,
      details: { path, action },
    },
  );
}
