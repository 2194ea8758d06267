/** A kebab-case capability name from any text (`resize_image.py` → `resize-image`, `DoThing` → `do-thing`). */
export function toKebabCase(text: string): string {
  const kebab = text
    .replace(/\.(py|pyw|js|mjs|cjs|ts|mts|cts|tsx|jsx)$/i, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return kebab === '' ? 'run' : kebab;
}

/** Makes names unique in order, suffixing `-2`, `-3`, ... to later duplicates. */
export function uniqueNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let suffix = 2; used.has(candidate); suffix++) candidate = `${name}-${suffix}`;
    used.add(candidate);
    return candidate;
  });
}

/** An input name that is a valid identifier (`dry-run` → `dry_run`, `2x` → `_2x`). */
export function toInputName(text: string): string {
  const cleaned = text.replace(/^-+/, '').replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}
