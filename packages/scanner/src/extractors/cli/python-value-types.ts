import type { CliOptionFact } from '../../profile/file-facts';
import { type StaticValue, booleanOf } from '../../profile/static-value';

/** The option value type a Python type reference or annotation stands for. */
export type CliValueType = NonNullable<CliOptionFact['valueType']>;

const BY_NAME: Record<string, CliValueType> = {
  int: 'integer',
  float: 'number',
  str: 'string',
  bool: 'boolean',
  Path: 'path',
  'pathlib.Path': 'path',
  PurePath: 'path',
  'pathlib.PurePath': 'path',
  'os.PathLike': 'path',
  PathLike: 'path',
  open: 'file',
  'click.INT': 'integer',
  'click.FLOAT': 'number',
  'click.STRING': 'string',
  'click.BOOL': 'boolean',
  'click.UUID': 'string',
  Decimal: 'number',
  'decimal.Decimal': 'number',
};

/** A type given as `type=` (argparse, click): a builtin, `pathlib.Path`, `argparse.FileType(...)`, `click.Path(...)`, ... */
export function valueTypeOfReference(value: StaticValue | undefined): CliValueType | undefined {
  if (!value) return undefined;
  if (value.kind === 'reference')
    return BY_NAME[value.name] ?? BY_NAME[value.name.split('.').pop()!];
  if (value.kind !== 'call') return undefined;
  const callee = value.callee;
  if (callee.endsWith('FileType') || callee === 'click.File') return 'file';
  if (callee === 'click.Path' || callee.endsWith('.Path')) {
    const fileOkay = booleanOf(value.kwargs.file_okay);
    const dirOkay = booleanOf(value.kwargs.dir_okay);
    if (fileOkay === false) return 'directory';
    if (dirOkay === false) return 'file';
    return 'path';
  }
  if (callee === 'click.IntRange') return 'integer';
  if (callee === 'click.FloatRange') return 'number';
  return undefined;
}

/** A default written as `Path("out")` read as the string `"out"`. */
export function pathDefault(value: StaticValue | undefined): string | undefined {
  if (value?.kind !== 'call' || !/(^|\.)(Path|PurePath|PosixPath)$/.test(value.callee))
    return undefined;
  const first = value.args[0];
  return first?.kind === 'string' ? first.value : undefined;
}

/** The value type a Python annotation stands for (`int`, `Optional[Path]`, `list[str]` → its item type, `Annotated[T, ...]`). */
export function valueTypeOfAnnotation(annotation: string | undefined): CliValueType | undefined {
  if (!annotation) return undefined;
  const inner = unwrapAnnotation(annotation);
  return BY_NAME[inner] ?? BY_NAME[inner.split('.').pop()!];
}

/** Strips `Optional[...]`, `Annotated[T, ...]`, `X | None`, `List[...]`, returning the innermost type name. */
export function unwrapAnnotation(annotation: string): string {
  let text = annotation.trim().replace(/^['"]|['"]$/g, '');
  for (let i = 0; i < 5; i++) {
    const generic =
      /^(?:typing\.)?(Optional|Annotated|List|list|Sequence|Tuple|tuple|Set|set|Iterable)\[(.*)\]$/s.exec(
        text,
      );
    if (generic) {
      text = splitTopLevel(generic[2]!)[0]!.trim();
      continue;
    }
    const union = splitTopLevel(text, '|')
      .map((part) => part.trim())
      .filter((part) => part !== 'None');
    if (union.length === 1 && union[0] !== text) {
      text = union[0]!;
      continue;
    }
    break;
  }
  return text;
}

/** True when an annotation is a list type (`List[str]`, `list[Path]`, `tuple[int, ...]`). */
export function isListAnnotation(annotation: string | undefined): boolean {
  if (!annotation) return false;
  let text = annotation.trim();
  const annotated = /^(?:typing\.)?Annotated\[(.*)\]$/s.exec(text);
  if (annotated) text = splitTopLevel(annotated[1]!)[0]!.trim();
  const optional = /^(?:typing\.)?Optional\[(.*)\]$/s.exec(text);
  if (optional) text = optional[1]!.trim();
  text =
    splitTopLevel(text, '|')
      .map((p) => p.trim())
      .filter((p) => p !== 'None')[0] ?? text;
  return /^(?:typing\.)?(List|list|Sequence|Tuple|tuple|Set|set|Iterable)(\[|$)/.test(text);
}

/** Splits on a separator that is not inside brackets. */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '[' || char === '(' || char === '{') depth += 1;
    else if (char === ']' || char === ')' || char === '}') depth -= 1;
    if (char === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}
