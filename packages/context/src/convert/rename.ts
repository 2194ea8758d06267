import { contextError, ContextErrorCodes } from '../errors';
import type { CsvTable } from './csv';
import { isRecord, setField } from './notes';

/** A field-rename map: `{ from: to }`. */
export type RenameMap = Readonly<Record<string, string>>;

/** Checks a rename map: names are non-empty and no two fields are renamed to the same name. */
export function checkRenameMap(rename: RenameMap): void {
  const targets = new Map<string, string>();
  for (const [from, to] of Object.entries(rename)) {
    if (typeof to !== 'string' || to === '' || from === '') {
      throw contextError(
        ContextErrorCodes.RENAME_INVALID,
        `rename maps field names to field names; "${from}" → ${JSON.stringify(to)} is not one. Give { "old name": "new name" } with non-empty names.`,
        { details: { from } },
      );
    }
    const other = targets.get(to);
    if (other !== undefined) {
      throw contextError(
        ContextErrorCodes.RENAME_INVALID,
        `rename gives "${other}" and "${from}" the same name "${to}", so one would overwrite the other. Give each a different name.`,
        { details: { to, from: [other, from] } },
      );
    }
    targets.set(to, from);
  }
}

function renameRecord(
  record: Record<string, unknown>,
  rename: RenameMap,
  where: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const target = Object.hasOwn(rename, key) ? rename[key]! : key;
    if (
      Object.hasOwn(out, target) ||
      (target !== key && Object.hasOwn(record, target) && !Object.hasOwn(rename, target))
    ) {
      throw contextError(
        ContextErrorCodes.RENAME_INVALID,
        `rename turns "${key}" into "${target}", but ${where} already has a field "${target}". Rename that field too, or choose another name.`,
        { details: { from: key, to: target } },
      );
    }
    setField(out, target, record[key]);
  }
  return out;
}

/**
 * Renames the fields of the records in `data`: each object of a list, or the object itself, found
 * through single-field wrappers as tables find their records (`{"users": [...]}`). Keys not named
 * in the map stay. Throws `RENAME_INVALID` when a new name collides with an existing field.
 */
export function renameInData(data: unknown, rename: RenameMap): unknown {
  if (Array.isArray(data)) {
    return data.map((item, index) =>
      isRecord(item) ? renameRecord(item, rename, `record ${index + 1}`) : item,
    );
  }
  if (!isRecord(data)) return data;
  const keys = Object.keys(data);
  const only = keys.length === 1 ? data[keys[0]!] : undefined;
  if (
    keys.length === 1 &&
    !Object.hasOwn(rename, keys[0]!) &&
    (Array.isArray(only) || isRecord(only))
  ) {
    const out: Record<string, unknown> = {};
    setField(out, keys[0]!, renameInData(only, rename));
    return out;
  }
  return renameRecord(data, rename, 'the object');
}

/** Renames the columns of a table; throws `RENAME_INVALID` when two columns would share a name. */
export function renameColumns(table: CsvTable, rename: RenameMap): CsvTable {
  const columns = table.columns.map((name) => (Object.hasOwn(rename, name) ? rename[name]! : name));
  const seen = new Set<string>();
  columns.forEach((name, index) => {
    if (seen.has(name)) {
      throw contextError(
        ContextErrorCodes.RENAME_INVALID,
        `rename makes two CSV columns "${name}" (column ${index + 1} and an earlier one). Choose names that differ.`,
        { details: { column: name } },
      );
    }
    seen.add(name);
  });
  return { columns, rows: table.rows };
}
