/** Where a Python file is importable from: the folder to run from and its dotted module name. */
export interface PythonModuleLocation {
  /** The import root (`''` for the repository root, `src`, `scripts`). */
  importRoot: string;
  /** Dotted module name relative to the import root (`pkg.cli`, `tool`). */
  moduleName: string;
  /** True when the file is inside a package (its folder has `__init__.py`), so it must run with `-m`. */
  inPackage: boolean;
}

/**
 * Works out the dotted module name of every Python file: a file's package chain is the run of
 * ancestor folders holding `__init__.py`; the folder above it is the import root.
 */
export function locatePythonModules(paths: readonly string[]): Map<string, PythonModuleLocation> {
  const packages = new Set<string>();
  for (const path of paths) {
    if (path === '__init__.py' || path.endsWith('/__init__.py'))
      packages.add(path.slice(0, Math.max(0, path.length - '/__init__.py'.length)));
  }
  const locations = new Map<string, PythonModuleLocation>();
  for (const path of paths) {
    if (!/\.pyw?$/.test(path)) continue;
    const parts = path.split('/');
    const file = parts.pop()!.replace(/\.pyw?$/, '');
    let depth = parts.length;
    while (depth > 0 && packages.has(parts.slice(0, depth).join('/'))) depth -= 1;
    const importRoot = parts.slice(0, depth).join('/');
    const packageParts = parts.slice(depth);
    const moduleParts = file === '__init__' ? packageParts : [...packageParts, file];
    if (moduleParts.length === 0 || !moduleParts.every((part) => /^[A-Za-z_]\w*$/.test(part)))
      continue;
    locations.set(path, {
      importRoot,
      moduleName: moduleParts.join('.'),
      inPackage: packageParts.length > 0,
    });
  }
  return locations;
}
