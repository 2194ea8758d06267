import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PLUGIN_NAME_PATTERN } from '@mark1/sdk';
import { registryError, RegistryErrorCodes } from './errors';

/** Folder (inside the plugins folder) where installs are staged and journaled. */
export const STAGING_FOLDER = '.staging';

/** Version labels used as folder names: a letter or digit, then letters, digits, `.`, `_`, `+`, `-`. */
export const VERSION_LABEL_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._+-]{0,79}$/;

/** Where plugins live under the plugins folder (`MARK1_HOME/plugins` unless configured). */
export interface PluginLayout {
  /** The plugins folder, absolute. */
  readonly root: string;
  /** `<root>/.staging`: staging folders and install journals. */
  readonly stagingDir: string;
  /** `<root>/<name>`, for a valid plugin name. */
  pluginDir(name: string): string;
  /** `<root>/<name>/<version>`, for a valid name and version label. */
  versionDir(name: string, version: string): string;
  /** Throws `PATH_OUTSIDE_HOME` unless `path` (e.g. read from the database) is strictly inside the root. */
  assertInside(path: string, what: string): string;
}

/** True when `child` is strictly inside `parent` (both absolute). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/** Throws `PLUGIN_NAME_INVALID` unless `name` is a valid plugin name. */
export function assertPluginName(name: string): string {
  if (!PLUGIN_NAME_PATTERN.test(name)) {
    throw registryError(
      RegistryErrorCodes.PLUGIN_NAME_INVALID,
      `"${name}" is not a valid plugin name: use lowercase letters, digits, "-" and "_" (at most 64, starting with a letter or digit), e.g. "text-tools".`,
      { details: { name } },
    );
  }
  return name;
}

/** Turns a manifest version into a label safe as a folder name (`1.2.0`, `2.0.0-beta.1+abc1234`). */
export function toVersionLabel(version: string): string {
  const cleaned = version
    .trim()
    .replace(/^v(?=\d)/, '')
    .replace(/[^0-9A-Za-z._+-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[^0-9A-Za-z]+/, '')
    .slice(0, 80);
  return VERSION_LABEL_PATTERN.test(cleaned) ? cleaned : '0.0.0';
}

/** The {@link PluginLayout} of the plugins folder `root`. */
export function createPluginLayout(root: string): PluginLayout {
  const absoluteRoot = resolve(root);
  const assertInside = (path: string, what: string): string => {
    const absolute = resolve(path);
    if (!isInside(absoluteRoot, absolute)) {
      throw registryError(
        RegistryErrorCodes.PATH_OUTSIDE_HOME,
        `${what} (${path}) is not inside the plugins folder ${absoluteRoot}; Mark-1 never reads or deletes plugin files elsewhere. Check the record or the name.`,
        { details: { path, root: absoluteRoot } },
      );
    }
    return absolute;
  };
  return {
    root: absoluteRoot,
    stagingDir: join(absoluteRoot, STAGING_FOLDER),
    pluginDir: (name) =>
      assertInside(join(absoluteRoot, assertPluginName(name)), `The folder of plugin "${name}"`),
    versionDir(name, version) {
      if (!VERSION_LABEL_PATTERN.test(version) || version.includes('..')) {
        throw registryError(
          RegistryErrorCodes.PATH_OUTSIDE_HOME,
          `"${version}" cannot be used as a version folder name; versions are letters, digits, ".", "_", "+" and "-".`,
          { details: { version } },
        );
      }
      return assertInside(
        join(absoluteRoot, assertPluginName(name), version),
        `Version ${version} of plugin "${name}"`,
      );
    },
    assertInside,
  };
}
