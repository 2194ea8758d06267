import type { DotenvLoadFact, EnvReadFact } from '../../profile/file-facts';
import { renderStaticValue, stringOf } from '../../profile/static-value';
import {
  type AccessChain,
  type SourceModel,
  type SyntaxNode,
  chainPath,
  lineOf,
} from '../../languages/source-model';

/** Environment variables a file reads, and whether it loads a `.env` file. */
export interface EnvReads {
  reads: EnvReadFact[];
  dotenvLoads: DotenvLoadFact[];
  /** Reads whose variable name is not a literal. */
  dynamic: number;
}

const CONDITION_PARENTS = new Set([
  'if_statement',
  'elif_clause',
  'while_statement',
  'not_operator',
  'conditional_expression',
  'comparison_operator',
]);

/** True when the value read is only tested (`if os.getenv("X"):`), so the code runs without it. */
function isOnlyTested(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (
    parent.type === 'if_statement' ||
    parent.type === 'elif_clause' ||
    parent.type === 'while_statement'
  ) {
    const condition = parent.childForFieldName('condition');
    return condition?.startIndex === node.startIndex;
  }
  if (parent.type === 'conditional_expression')
    return parent.namedChildren[1]?.startIndex === node.startIndex;
  return CONDITION_PARENTS.has(parent.type) && parent.type !== 'if_statement';
}

/** The literal right side of `read or "fallback"`. */
function orFallback(model: SourceModel, node: SyntaxNode): string | undefined | null {
  const parent = node.parent;
  if (
    parent?.type !== 'boolean_operator' ||
    parent.childForFieldName('left')?.startIndex !== node.startIndex
  )
    return undefined;
  if (!/\bor\b/.test(model.textOf(parent).slice(node.endIndex - parent.startIndex)))
    return undefined;
  const right = model.valueOf(parent.childForFieldName('right') ?? undefined);
  if (!right) return null;
  return right.kind === 'string' || right.kind === 'number' || right.kind === 'boolean'
    ? String(stringOf(right) ?? renderStaticValue(right))
    : null;
}

function isWrite(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'assignment' || parent.type === 'augmented_assignment')
    return (
      parent.childForFieldName('left')?.startIndex === node.startIndex &&
      parent.childForFieldName('left')?.endIndex === node.endIndex
    );
  return parent.type === 'delete_statement';
}

function defaultText(model: SourceModel, node: SyntaxNode | undefined): string | undefined {
  const value = model.valueOf(node);
  if (!value) return undefined;
  if (value.kind === 'string') return value.value;
  if (value.kind === 'number' || value.kind === 'boolean') return String(value.value);
  return undefined;
}

/** Reads `os.environ[...]`, `os.environ.get`, `os.getenv`, `decouple.config`, environs `env.str(...)`, and dotenv loading. */
export function extractPythonEnvReads(model: SourceModel): EnvReads {
  const reads: EnvReadFact[] = [];
  const dotenvLoads: DotenvLoadFact[] = [];
  let dynamic = 0;
  const add = (
    nameNode: SyntaxNode | undefined,
    expression: SyntaxNode,
    via: string,
    fallback: SyntaxNode | undefined,
  ): void => {
    const name = stringOf(model.valueOf(nameNode));
    if (name === undefined) {
      dynamic += 1;
      return;
    }
    const line = lineOf(expression);
    if (fallback) {
      const value = defaultText(model, fallback);
      reads.push({
        name,
        line,
        required: false,
        ...(value !== undefined ? { default: value } : {}),
        via,
      });
      return;
    }
    const orDefault = orFallback(model, expression);
    if (orDefault !== undefined) {
      reads.push({
        name,
        line,
        required: false,
        ...(orDefault !== null ? { default: orDefault } : {}),
        via,
      });
      return;
    }
    reads.push({ name, line, required: !isOnlyTested(expression), via });
  };

  for (const chain of model.chains) readChain(model, chain, add);
  for (const call of model.calls) {
    if (
      call.callee === 'dotenv.load_dotenv' ||
      call.callee === 'dotenv.dotenv_values' ||
      call.callee === 'dotenv.find_dotenv'
    ) {
      const path = stringOf(model.valueOf(call.args[0] ?? call.keywords.get('dotenv_path')));
      dotenvLoads.push({ line: call.line, via: call.callee, ...(path ? { path } : {}) });
    }
  }
  return { reads, dotenvLoads, dynamic };
}

type AddRead = (
  nameNode: SyntaxNode | undefined,
  expression: SyntaxNode,
  via: string,
  fallback: SyntaxNode | undefined,
) => void;

const ENVIRONS_METHOD =
  /^environs\.Env\(\)\.(str|int|bool|float|list|dict|url|path|json|decimal|log_level)$/;

function readChain(model: SourceModel, chain: AccessChain, add: AddRead): void {
  const segments = chain.segments;
  if (chainPath(chain) === 'os.environ' && segments.length === chain.inherited) {
    // `"X" in os.environ`: a variable tested for presence, so optional.
    const parent = chain.node.parent;
    const left = parent?.namedChildren[0];
    if (
      parent?.type === 'comparison_operator' &&
      left &&
      left.startIndex !== chain.node.startIndex &&
      /\bin\b/.test(model.textOf(parent))
    ) {
      add(left, parent, 'in os.environ', parent);
    }
    return;
  }
  for (let i = chain.inherited; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.kind === 'member') continue;
    const prefix = chainPath(chain, i);
    if (segment.kind === 'index') {
      if (prefix === 'os.environ' && !isWrite(segment.node)) {
        add(
          segment.node.childForFieldName('subscript') ?? undefined,
          segment.node,
          'os.environ[]',
          undefined,
        );
      }
      continue;
    }
    const fallback = segment.args[1] ?? segment.keywords.get('default');
    if (
      prefix === 'os.getenv' ||
      prefix === 'os.environ.get' ||
      prefix === 'os.environ.setdefault'
    ) {
      add(segment.args[0] ?? segment.keywords.get('key'), segment.node, prefix, fallback);
    } else if (prefix === 'decouple.config') {
      add(segment.args[0], segment.node, prefix, fallback);
    } else if (ENVIRONS_METHOD.test(prefix)) {
      add(segment.args[0], segment.node, `environs.${prefix.split('.').pop()!}`, fallback);
    }
  }
}
