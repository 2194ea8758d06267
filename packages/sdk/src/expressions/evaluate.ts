import { type ExpressionNode, formatPath, type PathNode } from './ast';
import { ExpressionEvaluationError } from './expression-error';
import { parseCondition, parseExpression } from './parser';
import { parseTemplate, type Template, wholeExpression } from './template';

/**
 * The values an expression can see, by root name: `workflow` (with `inputs`), `steps` (each with
 * `outputs`), `item`, `secrets`, `inputs`. Only own properties of plain data are reachable, so
 * `constructor`, `__proto__` and other built-ins can never be reached from an expression.
 */
export type ExpressionScope = Readonly<Record<string, unknown>>;

/** Options of {@link evaluateExpression} and {@link renderTemplate}. */
export interface EvaluateOptions {
  /**
   * What a reference to a missing value gives: `error` throws an
   * {@link ExpressionEvaluationError}; `undefined` yields `undefined`.
   * @default 'error'
   */
  missing?: 'error' | 'undefined';
}

function ownValue(container: unknown, key: string | number): { found: boolean; value?: unknown } {
  if (Array.isArray(container)) {
    if (typeof key === 'number' && key >= 0 && key < container.length) {
      return { found: true, value: container[key] };
    }
    if (key === 'length') return { found: true, value: container.length };
    return { found: false };
  }
  if (container !== null && typeof container === 'object') {
    if (typeof key === 'string' && Object.prototype.hasOwnProperty.call(container, key)) {
      return { found: true, value: (container as Record<string, unknown>)[key] };
    }
    return { found: false };
  }
  if (typeof container === 'string' && key === 'length')
    return { found: true, value: container.length };
  return { found: false };
}

function resolvePath(node: PathNode, scope: ExpressionScope, options: EvaluateOptions): unknown {
  let current: unknown = scope;
  const walked: (string | number)[] = [];
  for (const key of [node.root, ...node.segments]) {
    const next = ownValue(current, key);
    if (!next.found) {
      if (options.missing === 'undefined') return undefined;
      const where = walked.length
        ? formatPath({ root: String(walked[0]), segments: walked.slice(1) })
        : '';
      throw new ExpressionEvaluationError(
        walked.length
          ? `${formatPath(node)} has no value: ${where} has no "${String(key)}"`
          : `${formatPath(node)} has no value: "${node.root}" is not available here (available: ${Object.keys(scope).join(', ') || 'nothing'})`,
        formatPath(node),
      );
    }
    walked.push(key);
    current = next.value;
  }
  return current;
}

/** Truthiness of a value in a condition: false, null, 0, "", NaN, [] and {} are false. */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

function equals(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left === 'number' || typeof right === 'number') {
    const a = asNumber(left);
    const b = asNumber(right);
    return a !== undefined && b !== undefined && a === b;
  }
  if (left !== null && right !== null && typeof left === 'object' && typeof right === 'object') {
    return JSON.stringify(left) === JSON.stringify(right);
  }
  return false;
}

function compare(
  operator: '<' | '<=' | '>' | '>=',
  left: unknown,
  right: unknown,
  source: string,
): boolean {
  const a = asNumber(left);
  const b = asNumber(right);
  let order: number;
  if (a !== undefined && b !== undefined) {
    order = a - b;
  } else if (typeof left === 'string' && typeof right === 'string') {
    order = left < right ? -1 : left > right ? 1 : 0;
  } else {
    throw new ExpressionEvaluationError(
      `"${operator}" compares numbers or strings, not ${describe(left)} and ${describe(right)}`,
      source,
    );
  }
  switch (operator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function contains(container: unknown, value: unknown, source: string): boolean {
  if (Array.isArray(container)) return container.some((item) => equals(item, value));
  if (typeof container === 'string') return container.includes(String(value));
  if (container !== null && typeof container === 'object') {
    return Object.prototype.hasOwnProperty.call(container, String(value));
  }
  throw new ExpressionEvaluationError(
    `"in" looks inside a list, a string or an object, not ${describe(container)}`,
    source,
  );
}

function evaluateNode(
  node: ExpressionNode,
  scope: ExpressionScope,
  options: EvaluateOptions,
  source: string,
): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'path':
      return resolvePath(node, scope, options);
    case 'list':
      return node.items.map((item) => evaluateNode(item, scope, options, source));
    case 'not':
      return !isTruthy(evaluateNode(node.operand, scope, options, source));
    case 'binary': {
      if (node.operator === 'and') {
        return (
          isTruthy(evaluateNode(node.left, scope, options, source)) &&
          isTruthy(evaluateNode(node.right, scope, options, source))
        );
      }
      if (node.operator === 'or') {
        return (
          isTruthy(evaluateNode(node.left, scope, options, source)) ||
          isTruthy(evaluateNode(node.right, scope, options, source))
        );
      }
      const left = evaluateNode(node.left, scope, options, source);
      const right = evaluateNode(node.right, scope, options, source);
      switch (node.operator) {
        case '==':
          return equals(left, right);
        case '!=':
          return !equals(left, right);
        case 'in':
          return contains(right, left, source);
        case '<':
        case '<=':
        case '>':
        case '>=':
          return compare(node.operator, left, right, source);
      }
    }
  }
}

/** Evaluates a parsed expression against a scope. Never runs code: only data is read. */
export function evaluateExpression(
  expression: ExpressionNode | string,
  scope: ExpressionScope,
  options: EvaluateOptions = {},
): unknown {
  const node = typeof expression === 'string' ? parseExpression(expression) : expression;
  const source = typeof expression === 'string' ? expression : '';
  return evaluateNode(node, scope, { missing: 'error', ...options }, source);
}

/** Text form of a value inside a larger string: strings as they are, other values as JSON. */
export function stringifyValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
}

/**
 * Renders a template: a string that is exactly one `${...}` gives the value itself (a number stays
 * a number, a list stays a list); otherwise each expression's value is written into the text.
 */
export function renderTemplate(
  template: Template | string,
  scope: ExpressionScope,
  options: EvaluateOptions = {},
): unknown {
  const parsed = typeof template === 'string' ? parseTemplate(template) : template;
  const whole = wholeExpression(parsed);
  if (whole) return evaluateExpression(whole.node, scope, options);
  let text = '';
  for (const part of parsed.parts) {
    text +=
      part.kind === 'text'
        ? part.value
        : stringifyValue(evaluateExpression(part.node, scope, options));
  }
  return text;
}

/**
 * Renders every string inside a JSON value (objects and lists are walked), leaving other values as
 * they are. Used for step inputs and HTTP bodies.
 */
export function renderValue(
  value: unknown,
  scope: ExpressionScope,
  options: EvaluateOptions = {},
): unknown {
  if (typeof value === 'string') {
    return value.includes('${') ? renderTemplate(value, scope, options) : value;
  }
  if (Array.isArray(value)) return value.map((item) => renderValue(item, scope, options));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, renderValue(item, scope, options)]),
    );
  }
  return value;
}

/**
 * Evaluates a `when` condition (see {@link parseCondition} for the forms accepted) and returns its
 * truthiness.
 */
export function evaluateCondition(
  condition: string,
  scope: ExpressionScope,
  options: EvaluateOptions = {},
): boolean {
  return isTruthy(evaluateExpression(parseCondition(condition), scope, options));
}
