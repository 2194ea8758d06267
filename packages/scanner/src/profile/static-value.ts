/** A JSON value. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * What the scanner knows, without running anything, about an expression in source code: a literal,
 * a list or mapping of such, a reference to a name (resolved through the file's imports, e.g.
 * `pathlib.Path`), a call, or only its source text. JSON-serializable.
 */
export type StaticValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'list'; items: StaticValue[] }
  | { kind: 'dict'; entries: { key: string; value: StaticValue }[] }
  | { kind: 'reference'; name: string }
  | { kind: 'call'; callee: string; args: StaticValue[]; kwargs: Record<string, StaticValue> }
  | { kind: 'expression'; text: string };

/** The JSON value of a fully literal {@link StaticValue}, or `undefined` when any part is not literal. */
export function literalOf(value: StaticValue | undefined): JsonValue | undefined {
  if (value === undefined) return undefined;
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    case 'list': {
      const items: JsonValue[] = [];
      for (const item of value.items) {
        const literal = literalOf(item);
        if (literal === undefined) return undefined;
        items.push(literal);
      }
      return items;
    }
    case 'dict': {
      const result: Record<string, JsonValue> = {};
      for (const entry of value.entries) {
        const literal = literalOf(entry.value);
        if (literal === undefined) return undefined;
        result[entry.key] = literal;
      }
      return result;
    }
    case 'reference':
    case 'call':
    case 'expression':
      return undefined;
  }
}

/** The string of a string literal value, else `undefined`. */
export function stringOf(value: StaticValue | undefined): string | undefined {
  return value?.kind === 'string' ? value.value : undefined;
}

/** The boolean of a boolean literal value, else `undefined`. */
export function booleanOf(value: StaticValue | undefined): boolean | undefined {
  return value?.kind === 'boolean' ? value.value : undefined;
}

/** A short source-like rendering of a value, for evidence and descriptions. */
export function renderStaticValue(value: StaticValue): string {
  switch (value.kind) {
    case 'string':
      return JSON.stringify(value.value);
    case 'number':
    case 'boolean':
      return String(value.value);
    case 'null':
      return 'null';
    case 'list':
      return `[${value.items.map(renderStaticValue).join(', ')}]`;
    case 'dict':
      return `{${value.entries.map((e) => `${e.key}: ${renderStaticValue(e.value)}`).join(', ')}}`;
    case 'reference':
      return value.name;
    case 'call': {
      const args = [
        ...value.args.map(renderStaticValue),
        ...Object.entries(value.kwargs).map(([key, v]) => `${key}=${renderStaticValue(v)}`),
      ];
      return `${value.callee}(${args.join(', ')})`;
    }
    case 'expression':
      return value.text;
  }
}
