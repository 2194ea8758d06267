import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registryError, RegistryErrorCodes } from '../errors';

/** Archive formats `plugin install` unpacks. */
export type ArchiveFormat = 'tar.gz' | 'tar' | 'zip';

/** Where a plugin comes from, classified and checked. */
export type PluginSource =
  | {
      readonly kind: 'git';
      /** What `git clone` is given: a URL, or an absolute local path. */
      readonly url: string;
      /** `https`, `ssh` (ssh:// or scp-style `user@host:path`), `file` (file:// URL) or `local` (a path). */
      readonly transport: 'https' | 'ssh' | 'file' | 'local';
      /** A name for the plugin when the manifest has none: the repository's last path segment. */
      readonly suggestedName: string;
    }
  | { readonly kind: 'folder'; readonly path: string; readonly suggestedName: string }
  | {
      readonly kind: 'archive';
      readonly path: string;
      readonly format: ArchiveFormat;
      readonly suggestedName: string;
    };

const ARCHIVE_SUFFIXES: readonly [string, ArchiveFormat][] = [
  ['.tar.gz', 'tar.gz'],
  ['.tgz', 'tar.gz'],
  ['.tar', 'tar'],
  ['.zip', 'zip'],
];

const ALLOWED =
  'https://, ssh://, user@host:path, file:// URLs, a local folder, or a .tar.gz/.tgz/.tar/.zip file';

/** The format of an archive path by its suffix, if it has one. */
export function archiveFormatOf(path: string): ArchiveFormat | undefined {
  const lower = path.toLowerCase();
  return ARCHIVE_SUFFIXES.find(([suffix]) => lower.endsWith(suffix))?.[1];
}

function stripArchiveSuffix(name: string): string {
  const lower = name.toLowerCase();
  const match = ARCHIVE_SUFFIXES.find(([suffix]) => lower.endsWith(suffix));
  return match ? name.slice(0, name.length - match[0].length) : name;
}

function repositoryName(url: string): string {
  const withoutQuery = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const last = withoutQuery.split(/[/:]/).pop() ?? 'plugin';
  return last.replace(/\.git$/, '') || 'plugin';
}

function invalid(message: string, source: string): never {
  throw registryError(RegistryErrorCodes.SOURCE_INVALID, message, { details: { source } });
}

/** Refuses anything that `git` or a shell could read as an option or as several arguments. */
function assertPlainArgument(source: string): void {
  if (source.trim().length === 0)
    invalid('No source given: pass a git URL, a folder or an archive.', source);
  if (source.startsWith('-')) {
    invalid(
      `"${source}" starts with "-" and would be read as an option (option injection); Mark-1 refuses it. If it is a file, pass it as ./${source}.`,
      source,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(source)) {
    invalid(
      'The source contains control characters (a newline, a NUL byte); pass a plain URL or path.',
      source,
    );
  }
}

function localPath(source: string, cwd: string): string {
  if (source === '~') return homedir();
  if (source.startsWith('~/')) return resolve(homedir(), source.slice(2));
  return resolve(cwd, source);
}

function fromLocalPath(path: string, source: string, wantsGit: boolean): PluginSource {
  if (!existsSync(path)) {
    throw registryError(
      RegistryErrorCodes.SOURCE_NOT_FOUND,
      `${source} does not exist (looked at ${path}). Pass an existing folder, a .tar.gz/.zip archive, or a git URL (${ALLOWED}).`,
      { details: { source, path } },
    );
  }
  const stat = statSync(path);
  if (stat.isDirectory()) {
    if (wantsGit)
      return { kind: 'git', url: path, transport: 'local', suggestedName: basename(path) };
    return { kind: 'folder', path, suggestedName: basename(path) };
  }
  const format = archiveFormatOf(path);
  if (!stat.isFile() || !format) {
    throw registryError(
      RegistryErrorCodes.SOURCE_UNSUPPORTED,
      `${source} is a file Mark-1 cannot install: pass a folder, a .tar.gz/.tgz/.tar/.zip archive, or a git URL.`,
      { details: { source, path } },
    );
  }
  return { kind: 'archive', path, format, suggestedName: stripArchiveSuffix(basename(path)) };
}

/**
 * Classifies an install source. Accepted: `https://` and `ssh://` git URLs, scp-style
 * `user@host:path`, `file://` URLs (cloned with git), local folders (copied; cloned with git when
 * `wantsGit`, i.e. a `--ref` was given) and local `.tar.gz`/`.tgz`/`.tar`/`.zip` archives. Refused
 * with a clear error: anything starting with `-` (option injection), `http://`, `git://`, `ext::`
 * and other transports, remote archives, and missing paths.
 */
export function parseSource(
  source: string,
  options: { cwd: string; wantsGit?: boolean },
): PluginSource {
  assertPlainArgument(source);
  const wantsGit = options.wantsGit ?? false;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(source)?.[1]?.toLowerCase();
  if (scheme === 'https' || scheme === 'ssh') {
    if (archiveFormatOf(source.replace(/[?#].*$/, ''))) {
      throw registryError(
        RegistryErrorCodes.SOURCE_UNSUPPORTED,
        `${source} is a remote archive; Mark-1 does not download archives. Download it, check it, and install the local file.`,
        { details: { source } },
      );
    }
    let host: string;
    try {
      host = new URL(source).hostname;
    } catch {
      invalid(`${source} is not a valid URL.`, source);
    }
    if (!host || host.startsWith('-')) invalid(`${source} has no valid host name.`, source);
    return { kind: 'git', url: source, transport: scheme, suggestedName: repositoryName(source) };
  }
  if (scheme === 'file') {
    let path: string;
    try {
      path = fileURLToPath(source);
    } catch {
      invalid(`${source} is not a valid file:// URL (use file:///absolute/path).`, source);
    }
    if (!existsSync(path)) {
      throw registryError(
        RegistryErrorCodes.SOURCE_NOT_FOUND,
        `${source} does not exist (looked at ${path}).`,
        {
          details: { source, path },
        },
      );
    }
    return { kind: 'git', url: source, transport: 'file', suggestedName: repositoryName(path) };
  }
  if (scheme !== undefined || /^[A-Za-z][A-Za-z0-9+.-]*::/.test(source)) {
    throw registryError(
      RegistryErrorCodes.SOURCE_UNSUPPORTED,
      `${source} uses a transport Mark-1 refuses (${scheme ? `${scheme}://` : 'a git remote helper'}); use ${ALLOWED}.`,
      { details: { source } },
    );
  }
  const path = localPath(source, options.cwd);
  const scpStyle = /^(?:[A-Za-z0-9._-]+@)?[A-Za-z0-9][A-Za-z0-9.-]*:(?!\/\/)[^\s]/.test(source);
  if (scpStyle && !existsSync(path)) {
    const host = source.slice(source.indexOf('@') + 1, source.indexOf(':'));
    if (host.length > 1)
      return { kind: 'git', url: source, transport: 'ssh', suggestedName: repositoryName(source) };
  }
  return fromLocalPath(path, source, wantsGit);
}
