import type { CliOptionFact, CliProgramFact } from '../../profile/file-facts';
import { type SourceModel, type SyntaxNode, chainPath, lineOf } from '../../languages/source-model';

/** True when a read sits under a test of `len(sys.argv)`, so the script runs without that argument. */
function guardedByLength(model: SourceModel, node: SyntaxNode): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'conditional_expression' || parent.type === 'if_statement') {
      const text = model.textOf(
        parent.type === 'if_statement' ? (parent.childForFieldName('condition') ?? parent) : parent,
      );
      if (/len\s*\(\s*(sys\.)?argv\s*\)/.test(text)) return true;
    }
    if (parent.type === 'function_definition' || parent.type === 'module') return false;
  }
  return false;
}

/** The top-level function a node is in (its outermost enclosing `def`), if any. */
function outermostFunction(model: SourceModel, node: SyntaxNode): string | undefined {
  let name: string | undefined;
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'function_definition') {
      const nameNode = parent.childForFieldName('name');
      name = nameNode ? model.textOf(nameNode) : undefined;
    }
  }
  return name;
}

/**
 * Positional arguments read straight from `sys.argv[1]`, `sys.argv[2]`, ... (and `sys.argv[1:]` as a
 * list), for scripts without a CLI framework.
 */
export function extractSysArgvProgram(model: SourceModel): CliProgramFact | undefined {
  const positions = new Map<number, CliOptionFact>();
  let rest: CliOptionFact | undefined;
  let firstLine: number | undefined;
  let entryFunction: string | undefined;
  let moduleLevel = false;
  for (const chain of model.chains) {
    for (let i = chain.inherited; i < chain.segments.length; i++) {
      const segment = chain.segments[i]!;
      if (segment.kind !== 'index' || chainPath(chain, i) !== 'sys.argv') continue;
      const subscript = segment.node.childForFieldName('subscript');
      if (!subscript) continue;
      const text = model.textOf(subscript).replace(/\s+/g, '');
      const line = lineOf(segment.node);
      firstLine = Math.min(firstLine ?? line, line);
      const optional = guardedByLength(model, segment.node);
      const inFunction = outermostFunction(model, segment.node);
      if (inFunction) entryFunction ??= inFunction;
      else moduleLevel = true;
      const single = /^(\d+)$/.exec(text);
      if (single && Number(single[1]) >= 1) {
        const index = Number(single[1]);
        const existing = positions.get(index);
        if (existing) {
          existing.required = existing.required && !optional;
          continue;
        }
        positions.set(index, {
          name: `arg${index}`,
          flags: [],
          positional: true,
          required: !optional,
          multiple: false,
          isFlag: false,
          line,
        });
      } else if (/^(\d+):$/.test(text)) {
        rest ??= {
          name: 'args',
          flags: [],
          positional: true,
          required: false,
          multiple: true,
          multipleStyle: 'list',
          isFlag: false,
          line,
        };
      }
    }
  }
  if (firstLine === undefined || (positions.size === 0 && !rest)) return undefined;
  const options = [...positions.entries()].sort((a, b) => a[0] - b[0]).map(([, option]) => option);
  if (rest && options.length === 0) options.push(rest);
  // Reads inside a function run when that function is called; reads at module level run with the file.
  const entry = !moduleLevel && entryFunction ? { entryFunction } : {};
  return {
    framework: 'sys-argv',
    line: firstLine,
    ...entry,
    commands: [{ path: [], line: firstLine, options }],
  };
}
