/** Compares dotted numeric versions (`3.11.7` vs `3.9`); missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const left = a.split(/[.+-]/).map((part) => Number.parseInt(part, 10));
  const right = b.split(/[.+-]/).map((part) => Number.parseInt(part, 10));
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const x = Number.isNaN(left[index] ?? 0) ? 0 : (left[index] ?? 0);
    const y = Number.isNaN(right[index] ?? 0) ? 0 : (right[index] ?? 0);
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function satisfiesOne(version: string, clause: string): boolean {
  const match = /^(>=|<=|==|!=|~=|\^|~|>|<|=)?\s*v?([0-9][0-9A-Za-z.*]*)$/.exec(clause.trim());
  if (!match) return true; // an unreadable clause is not held against the plugin
  const operator = match[1] ?? '==';
  const target = match[2]!;
  if (target.includes('*')) {
    const prefix = target.replace(/\.?\*.*$/, '');
    const matches = version === prefix || version.startsWith(`${prefix}.`);
    return operator === '!=' ? !matches : matches;
  }
  const order = compareVersions(version, target);
  const parts = target.split('.');
  switch (operator) {
    case '>=':
      return order >= 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '<':
      return order < 0;
    case '!=':
      return order !== 0;
    case '~=':
    case '~': {
      // ~=3.9 means >=3.9,<4; ~=3.9.2 means >=3.9.2,<3.10
      const keep = Math.max(1, parts.length - 1);
      const upper = [...parts.slice(0, keep - 1), String(Number(parts[keep - 1]) + 1)].join('.');
      return order >= 0 && compareVersions(version, upper) < 0;
    }
    case '^': {
      const upper = String(Number(parts[0]) + 1);
      return order >= 0 && compareVersions(version, upper) < 0;
    }
    default:
      return compareVersions(version, target) === 0 || version.startsWith(`${target}.`);
  }
}

/**
 * True when `version` satisfies a Python (`>=3.9,<4`, `~=3.10`, `==3.11.*`) or npm-style (`>=20`,
 * `^20.1`, `>=18 <23`) range. Clauses are separated by commas or spaces; `||` alternatives are
 * accepted when any one holds.
 */
export function satisfiesRange(version: string, range: string): boolean {
  return range.split('||').some((alternative) =>
    alternative
      .split(/,|\s+(?=[<>=!~^])/)
      .map((clause) => clause.trim())
      .filter(Boolean)
      .every((clause) => satisfiesOne(version, clause)),
  );
}
