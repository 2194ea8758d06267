import { isNode, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';

/** A line and column, both 1-based. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A path into parsed data, e.g. `['steps', 2, 'inputs', 'data']`. */
export type DataPath = readonly (string | number)[];

/** Where values of a parsed YAML or JSON document came from. */
export interface SourceMap {
  /** The file name given when parsing (for messages). */
  readonly filename?: string;
  /** Position of the value at `path`, or of its nearest ancestor that exists. */
  locate(path: DataPath): SourcePosition | undefined;
  /**
   * Position of character `offset` inside the string value at `path`, when it can be mapped
   * exactly (single-line plain or quoted scalars); the value's own position otherwise.
   */
  locateInString(path: DataPath, offset: number): SourcePosition | undefined;
}

/** A parse failure with its position. */
export interface SourceParseProblem {
  readonly message: string;
  readonly position?: SourcePosition;
}

/** The result of {@link parseYamlSource}. */
export type ParsedSource =
  | { readonly ok: true; readonly value: unknown; readonly sourceMap: SourceMap }
  | { readonly ok: false; readonly problems: readonly SourceParseProblem[] };

/** Renders a data path as `steps[2].inputs.data`. */
export function formatDataPath(path: DataPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${segment}` : segment;
  }
  return text || '(root)';
}

/**
 * Parses YAML (or JSON, which YAML 1.2 reads) and keeps a map from data paths back to lines and
 * columns, so validation errors can name `file.yml:12:7`.
 */
export function parseYamlSource(text: string, filename?: string): ParsedSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => {
        const start = error.pos[0];
        const position = lineCounter.linePos(start);
        return {
          message: error.message.split('\n')[0] ?? error.message,
          position: { line: position.line, column: position.col },
        };
      }),
    };
  }
  const value: unknown = document.toJS({ maxAliasCount: 100 });

  const nodeAt = (path: DataPath): YamlNode | undefined => {
    for (let length = path.length; length >= 0; length -= 1) {
      const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
      if (isNode(node)) return node;
    }
    return undefined;
  };
  const positionOf = (offset: number): SourcePosition => {
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  };

  const sourceMap: SourceMap = {
    filename,
    locate(path) {
      const node = nodeAt(path);
      return node?.range ? positionOf(node.range[0]) : undefined;
    },
    locateInString(path, offset) {
      const node = document.getIn(path, true);
      if (!isNode(node) || !node.range) return sourceMap.locate(path);
      const start = node.range[0];
      const raw = text.slice(start, node.range[1]);
      const type = (node as { type?: string }).type;
      const singleLine = !raw.includes('\n');
      if (singleLine && type === 'PLAIN') return positionOf(start + offset);
      if (
        singleLine &&
        (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') &&
        !raw.includes('\\')
      ) {
        return positionOf(start + 1 + offset);
      }
      return positionOf(start);
    },
  };
  return { ok: true, value, sourceMap };
}
