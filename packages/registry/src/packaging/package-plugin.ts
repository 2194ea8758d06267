import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { create } from 'tar';
import { filesystemError, registryError, RegistryErrorCodes } from '../errors';
import { toVersionLabel } from '../plugin-layout';
import { listPluginFiles } from '../validation/plugin-files';
import { validatePlugin } from '../validation/validate-plugin';
import type { ValidationReport } from '../validation/validation-report';

/** Options of {@link packagePlugin}. */
export interface PackagePluginOptions {
  /**
   * The archive to write, or a folder to write `<name>-<version>.tar.gz` into.
   * @default `<cwd>/<name>-<version>.tar.gz`
   */
  output?: string;
  /**
   * Folder relative paths are resolved against.
   * @default process.cwd()
   */
  cwd?: string;
}

/** What {@link packagePlugin} wrote. */
export interface PackagedPlugin {
  /** The archive. */
  readonly file: string;
  readonly files: number;
  readonly bytes: number;
  /** SHA-256 of the archive, hex. */
  readonly sha256: string;
  /** The validation the plugin passed before it was packaged. */
  readonly validation: ValidationReport;
}

const LEFT_OUT = /(^|\/)(\.DS_Store|Thumbs\.db)$|\.py[co]$/;

function sha256(path: string): Promise<string> {
  return new Promise((resolvePromise, rejectPromise) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolvePromise(hash.digest('hex')))
      .on('error', rejectPromise);
  });
}

/**
 * Packs a plugin folder into `<name>-<version>.tar.gz` (one top folder, portable headers, a fixed
 * timestamp so the same files give the same archive), leaving out environments and caches
 * (`.venv`, `node_modules`, `.git`, `__pycache__`). The plugin must pass validation first; the
 * archive is written to a temporary file and renamed into place.
 */
export async function packagePlugin(
  path: string,
  options: PackagePluginOptions = {},
): Promise<PackagedPlugin> {
  const root = resolve(options.cwd ?? process.cwd(), path);
  const validation = await validatePlugin(root);
  if (!validation.valid || !validation.manifest) {
    const first = validation.errors
      .slice(0, 8)
      .map(
        (issue) =>
          `  - ${issue.file ? `${issue.file}${issue.line ? `:${issue.line}` : ''}: ` : ''}${issue.message}`,
      );
    throw registryError(
      RegistryErrorCodes.VALIDATION_FAILED,
      `${root} does not pass validation, so it was not packaged:\n${first.join('\n')}\nFix these and package again.`,
      { details: { report: validation } },
    );
  }
  const stem = `${validation.manifest.name}-${toVersionLabel(validation.manifest.version)}`;
  const requested = options.output
    ? resolve(options.cwd ?? process.cwd(), options.output)
    : undefined;
  const file =
    requested && !/\.(tar\.gz|tgz)$/.test(requested)
      ? join(requested, `${stem}.tar.gz`)
      : (requested ?? resolve(options.cwd ?? process.cwd(), `${stem}.tar.gz`));
  const files = listPluginFiles(root).filter((item) => !LEFT_OUT.test(item));
  const bytes = files.reduce((sum, item) => sum + statSync(join(root, item)).size, 0);
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(dirname(file), { recursive: true });
    await create(
      {
        gzip: true,
        cwd: root,
        file: temporary,
        portable: true,
        prefix: stem,
        mtime: new Date('2000-01-01T00:00:00Z'),
        noDirRecurse: true,
      },
      files,
    );
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw filesystemError('write the package', file, error);
  }
  return { file, files: files.length, bytes, sha256: await sha256(file), validation };
}
