import type { CapabilityParameter } from '../../profile/repository-profile';
import { splitTopLevel, unwrapAnnotation } from '../../extractors/cli/python-value-types';

/** The JSON Schema shape of a parameter, from its annotation. */
export type ParameterShape = Pick<
  CapabilityParameter,
  'type' | 'itemType' | 'dataType' | 'format' | 'choices'
>;

const SCALARS: Record<string, ParameterShape> = {
  str: { type: 'string' },
  string: { type: 'string' },
  String: { type: 'string' },
  int: { type: 'integer' },
  float: { type: 'number' },
  number: { type: 'number' },
  Number: { type: 'number' },
  bigint: { type: 'integer' },
  Decimal: { type: 'number' },
  bool: { type: 'boolean' },
  boolean: { type: 'boolean' },
  Boolean: { type: 'boolean' },
  bytes: { type: 'string' },
  Path: { type: 'string', dataType: 'file', format: 'path' },
  PathLike: { type: 'string', dataType: 'file', format: 'path' },
  PurePath: { type: 'string', dataType: 'file', format: 'path' },
  'os.PathLike': { type: 'string', dataType: 'file', format: 'path' },
  'pathlib.Path': { type: 'string', dataType: 'file', format: 'path' },
  URL: { type: 'string', dataType: 'url', format: 'uri' },
  HttpUrl: { type: 'string', dataType: 'url', format: 'uri' },
  AnyUrl: { type: 'string', dataType: 'url', format: 'uri' },
  datetime: { type: 'string', format: 'date-time' },
  date: { type: 'string', format: 'date' },
  dict: { type: 'object' },
  Dict: { type: 'object' },
  Mapping: { type: 'object' },
  object: { type: 'object' },
  Record: { type: 'object' },
  TypedDict: { type: 'object' },
};

const LIST =
  /^(?:typing\.)?(list|List|Sequence|Iterable|tuple|Tuple|set|Set|frozenset|Array|ReadonlyArray)\[(.*)\]$|^(list|tuple|set|List)$|^Array<(.*)>$|^(.*)\[\]$/s;

function itemTypeOf(shape: ParameterShape): CapabilityParameter['itemType'] {
  return shape.type === 'string' ||
    shape.type === 'integer' ||
    shape.type === 'number' ||
    shape.type === 'boolean'
    ? shape.type
    : undefined;
}

/** The JSON Schema shape of a Python or TypeScript annotation (`Optional[int]`, `list[Path]`, `Literal["a", "b"]`, `string[]`, `'a' | 'b'`). */
export function shapeOfAnnotation(annotation: string | undefined): ParameterShape {
  if (!annotation) return {};
  let text = annotation.trim().replace(/^['"](.*)['"]$/, '$1');
  const annotated = /^(?:typing\.)?Annotated\[(.*)\]$/s.exec(text);
  if (annotated) text = splitTopLevel(annotated[1]!)[0]!.trim();
  const optional = /^(?:typing\.)?Optional\[(.*)\]$/s.exec(text);
  if (optional) text = optional[1]!.trim();
  const union = splitTopLevel(text, '|')
    .map((part) => part.trim())
    .filter((part) => part !== 'None' && part !== 'null' && part !== 'undefined');
  const literals = union.map((part) => /^(['"])(.*)\1$/.exec(part)?.[2]);
  if (union.length > 1 && literals.every((value) => value !== undefined))
    return { type: 'string', choices: literals as string[] };
  if (union.length === 1) text = union[0]!;
  const literal = /^(?:typing\.)?Literal\[(.*)\]$/s.exec(text);
  if (literal) {
    const values = splitTopLevel(literal[1]!).map((part) => part.trim());
    const strings = values.map((value) => /^(['"])(.*)\1$/.exec(value)?.[2]);
    if (strings.every((value) => value !== undefined))
      return { type: 'string', choices: strings as string[] };
    const numbers = values.map(Number);
    if (numbers.every(Number.isFinite)) return { type: 'integer', choices: numbers };
  }
  const list = LIST.exec(text);
  if (list) {
    const inner = list[2] ?? list[4] ?? list[5];
    const item = inner ? shapeOfAnnotation(splitTopLevel(inner)[0]) : {};
    const itemType = itemTypeOf(item);
    // A list of paths keeps the item's data type and format; the manifest puts them on `items`.
    return {
      type: 'array',
      ...(itemType ? { itemType } : {}),
      ...(item.dataType ? { dataType: item.dataType } : {}),
      ...(item.format ? { format: item.format } : {}),
    };
  }
  const bare = unwrapAnnotation(text);
  return (
    SCALARS[bare] ??
    SCALARS[bare.split('.').pop()!] ??
    (/^[A-Z]\w*$/.test(bare) || /^\{/.test(bare) ? { type: 'object' } : {})
  );
}

const DIRECTORY_NAME =
  /(^|_)(dir|directory|folder|dirname|root)$|^(out|output|input|in|src|source|dest|target)_?dir(ectory)?$/i;
const FILE_NAME =
  /(^|_)(files?|paths?|filenames?|filepaths?|images?|img|photos?|pdfs?|csv|audio|video|documents?|doc)$|^(input|output|infile|outfile|in|out|src|source|dest|destination|target)$/i;
const URL_NAME = /(^|_)(url|uri|endpoint|link|href|webhook)$/i;
const WRITABLE_NAME =
  /^(out|output|outfile|dest|destination|save|save_to|target|write|export)(_|$)|(^|_)(output|out|dest|destination)(_|$)/i;

/**
 * Reads a string input's name (and help text) for a path or URL: `*_dir` → directory, `*_file`,
 * `input`, `output` → file, `*_url` → url. Outputs (`output`, `out_dir`, `dest`) are marked writable.
 */
export function inferPathShape(
  name: string,
  help: string | undefined,
  current: ParameterShape,
): ParameterShape & { writable?: boolean } {
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  if (current.type !== undefined && current.type !== 'string' && current.type !== 'array')
    return current;
  if (current.type === 'array' && current.itemType !== 'string' && current.itemType !== undefined)
    return current;
  let shape: ParameterShape = current;
  if (!current.dataType && !current.choices) {
    if (DIRECTORY_NAME.test(snake)) shape = { ...current, dataType: 'directory', format: 'path' };
    else if (URL_NAME.test(snake)) shape = { ...current, dataType: 'url', format: 'uri' };
    else if (FILE_NAME.test(snake) || /\b(path to|file to|file name|filename)\b/i.test(help ?? ''))
      shape = { ...current, dataType: 'file', format: 'path' };
  } else if (current.dataType === 'file' && DIRECTORY_NAME.test(snake)) {
    shape = { ...current, dataType: 'directory' };
  }
  if (shape.type === undefined && shape.dataType) shape = { ...shape, type: 'string' };
  const writable =
    (shape.dataType === 'file' || shape.dataType === 'directory') && WRITABLE_NAME.test(snake);
  return writable ? { ...shape, writable } : shape;
}
