import type Parser from 'tree-sitter';
import type { ImportFact, ParsedLanguage } from '../profile/file-facts';
import type { StaticValue } from '../profile/static-value';

/** A node of a tree-sitter syntax tree. */
export type SyntaxNode = Parser.SyntaxNode;

/** One step of an access chain: `.name`, a call `(...)`, or an index `[...]`. */
export type ChainSegment =
  | { kind: 'member'; name: string }
  | { kind: 'call'; node: SyntaxNode; args: SyntaxNode[]; keywords: Map<string, SyntaxNode> }
  | { kind: 'index'; node: SyntaxNode };

/**
 * An expression such as `client.chat.completions.create(...)`, with its head resolved through the
 * file's imports and assignments: when `client = OpenAI()` and `from openai import OpenAI`, the root
 * is `openai` and the segments are `.OpenAI () .chat .completions .create (...)`.
 */
export interface AccessChain {
  /** The qualified name the head resolves to (a module path, a builtin, or the local name). */
  root: string;
  /** The local name written at the head (`client`, `self.client`, `process`). */
  head: string;
  segments: ChainSegment[];
  /** How many leading segments come from the head's binding (written elsewhere, at the assignment). */
  inherited: number;
  /** The outermost node of the expression as written. */
  node: SyntaxNode;
}

/** One call inside an access chain: `callee` is the chain up to it, e.g. `openai.OpenAI().chat.completions.create`. */
export interface CallSite {
  callee: string;
  chain: AccessChain;
  /** Index of this call in `chain.segments`. */
  index: number;
  node: SyntaxNode;
  args: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
  line: number;
}

/**
 * A parsed source file with the facts every extractor shares: its imports, the chains that start at a
 * watched name (imports of watched modules, builtins, and variables assigned from them), and the
 * calls inside those chains. Extractors read it; none of them re-parses.
 */
export interface SourceModel {
  language: ParsedLanguage;
  source: string;
  root: SyntaxNode;
  imports: ImportFact[];
  /** Local name → qualified name for imported names (`np` → `numpy`, `OpenAI` → `openai.OpenAI`). */
  importBindings: Map<string, string>;
  chains: AccessChain[];
  calls: CallSite[];
  /** Module-level constants whose value is a literal (`MODEL = "gpt-4o"`). */
  constants: Map<string, StaticValue>;
  /**
   * Function and class definitions in document order (Python `def`/`class`, JS function, class and
   * method declarations), found once and shared by the extractors.
   */
  definitions(): SyntaxNode[];
  /** Evaluates an expression node to what is statically known about it. */
  valueOf(node: SyntaxNode | undefined): StaticValue | undefined;
  /** The text of a node (from the source, so it is cheap). */
  textOf(node: SyntaxNode): string;
}

/** Renders the callee path of a chain up to (not including) segment `end`. */
export function chainPath(chain: AccessChain, end = chain.segments.length): string {
  let path = chain.root;
  for (let i = 0; i < end; i++) {
    const segment = chain.segments[i]!;
    if (segment.kind === 'member') path += `.${segment.name}`;
    else if (segment.kind === 'call') path += '()';
    else path += '[]';
  }
  return path;
}

/** The call sites of a set of chains, one per call segment written at the chain (not inherited). */
export function callSitesOf(chains: readonly AccessChain[]): CallSite[] {
  const sites: CallSite[] = [];
  for (const chain of chains) {
    chain.segments.forEach((segment, index) => {
      if (segment.kind !== 'call' || index < chain.inherited) return;
      sites.push({
        callee: chainPath(chain, index),
        chain,
        index,
        node: segment.node,
        args: segment.args,
        keywords: segment.keywords,
        line: callLine(segment.node),
      });
    });
  }
  return sites;
}

/**
 * 1-based line of a call: where its arguments start, so each call of a multi-line chain
 * (`program\n  .option(...)\n  .option(...)`) gets its own line.
 */
export function callLine(call: SyntaxNode): number {
  const args = call.childForFieldName('arguments');
  return (args ?? call).startPosition.row + 1;
}

/** True when `a` is the node `b`: tree-sitter hands out a new object on every access, so `===` does not tell. */
export function sameNode(a: SyntaxNode | null, b: SyntaxNode): boolean {
  return (
    a !== null && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type
  );
}

/** 1-based line of a node. */
export function lineOf(node: SyntaxNode): number {
  return node.startPosition.row + 1;
}

/** True when `callee` is `name` or ends with `.name` after a call, e.g. `x().name`. */
export function calleeEndsWith(callee: string, suffix: string): boolean {
  return callee === suffix || callee.endsWith(`.${suffix}`);
}
