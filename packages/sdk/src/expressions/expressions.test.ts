import { describe, expect, it } from 'vitest';
import { collectPaths, formatPath } from './ast';
import { evaluateCondition, evaluateExpression, renderTemplate, renderValue } from './evaluate';
import { ExpressionEvaluationError, ExpressionSyntaxError } from './expression-error';
import { parseCondition, parseExpression } from './parser';
import {
  parseTemplate,
  templateReferences,
  TemplateSyntaxError,
  wholeExpression,
} from './template';

const scope = {
  workflow: { inputs: { file: 'data.csv', threshold: 0.5, tags: ['a', 'b'] } },
  steps: {
    'data-extraction': { outputs: { rows: [{ name: 'x' }, { name: 'y' }], count: 2 } },
    score: { outputs: { value: '0.75', label: 'positive' } },
  },
  item: { name: 'photo.jpg', size: 10 },
  secrets: { API_KEY: 's3cret' },
};

describe('parseExpression', () => {
  it('reads paths with hyphenated step ids, indexes and quoted keys', () => {
    const node = parseExpression('steps.data-extraction.outputs.rows[1]["name"]');
    expect(node).toMatchObject({
      kind: 'path',
      root: 'steps',
      segments: ['data-extraction', 'outputs', 'rows', 1, 'name'],
      start: 0,
      end: 45,
    });
  });

  it('gives "and" higher precedence than "or" and honours parentheses', () => {
    const node = parseExpression('a or b and c');
    expect(node).toMatchObject({ kind: 'binary', operator: 'or', right: { operator: 'and' } });
    const grouped = parseExpression('(a or b) and c');
    expect(grouped).toMatchObject({ kind: 'binary', operator: 'and', left: { operator: 'or' } });
  });

  it('accepts symbolic connectives and "not in"', () => {
    expect(parseExpression('!a && b || c')).toMatchObject({ operator: 'or' });
    expect(parseExpression("'x' not in item.tags")).toMatchObject({
      kind: 'not',
      operand: { kind: 'binary', operator: 'in' },
    });
  });

  it('reads negative numbers and escaped strings', () => {
    expect(parseExpression('-1.5')).toMatchObject({ kind: 'literal', value: -1.5 });
    expect(parseExpression("'it\\'s'")).toMatchObject({ kind: 'literal', value: "it's" });
  });

  it.each([
    ['', 'the expression is empty', 0],
    ['a ==', 'the expression ends too early', 4],
    ['a = b', 'compare with "=="', 2],
    ['a < b < c', 'comparisons do not chain', 6],
    ["'open", 'a string is not closed', 0],
    ['a.', 'expected a name after "."', 2],
    ['items[x]', 'an index is a whole number', 6],
    ['(a', 'a "(" is not closed', 2],
    ['a b', 'unexpected "b"', 2],
    ['a # b', 'unexpected character "#"', 2],
    ['and', '"and" needs a value before it', 0],
  ])('rejects %j with the position of the problem', (source, reason, offset) => {
    let caught: unknown;
    try {
      parseExpression(source);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionSyntaxError);
    const error = caught as ExpressionSyntaxError;
    expect(error.code).toBe('EXPRESSION_SYNTAX');
    expect(error.message).toContain(reason);
    expect(error.offset).toBe(offset);
  });

  it('lists the paths an expression uses', () => {
    const paths = collectPaths(
      parseExpression('steps.a.outputs.x > 1 and workflow.inputs.y in [1, z]'),
    );
    expect(paths.map(formatPath)).toEqual(['steps.a.outputs.x', 'workflow.inputs.y', 'z']);
  });
});

describe('templates', () => {
  it('splits text and expressions and keeps offsets', () => {
    const template = parseTemplate('Hello ${item.name}, size ${item.size}!');
    expect(template.parts.map((part) => part.kind)).toEqual([
      'text',
      'expression',
      'text',
      'expression',
      'text',
    ]);
    const refs = templateReferences(template);
    expect(refs.map((ref) => [formatPath(ref.path), ref.offset])).toEqual([
      ['item.name', 8],
      ['item.size', 27],
    ]);
  });

  it('recognises a template that is one whole expression', () => {
    expect(wholeExpression(parseTemplate('${steps.score.outputs.value}'))).toBeDefined();
    expect(wholeExpression(parseTemplate('x ${steps.score.outputs.value}'))).toBeUndefined();
  });

  it('does not end an expression at a brace inside a string', () => {
    const template = parseTemplate("${item.name == '}'}");
    expect(wholeExpression(template)?.source).toBe("item.name == '}'");
  });

  it('reports errors at their offset in the whole string', () => {
    expect(() => parseTemplate('abc ${a ==}')).toThrow(TemplateSyntaxError);
    try {
      parseTemplate('abc ${a ==}');
    } catch (error) {
      expect((error as TemplateSyntaxError).offset).toBe(10);
    }
    expect(() => parseTemplate('abc ${unclosed')).toThrow('"${" is not closed');
  });

  it('writes a literal ${ for $${', () => {
    expect(renderTemplate('cost: $${not.a.ref}', scope)).toBe('cost: ${not.a.ref}');
  });
});

describe('evaluation', () => {
  it('keeps the type of a whole-expression template', () => {
    expect(renderTemplate('${workflow.inputs.threshold}', scope)).toBe(0.5);
    expect(renderTemplate('${steps.data-extraction.outputs.rows}', scope)).toEqual([
      { name: 'x' },
      { name: 'y' },
    ]);
    expect(renderTemplate('${workflow.inputs.tags[1]}', scope)).toBe('b');
  });

  it('writes values into text, objects as JSON', () => {
    expect(renderTemplate('file=${workflow.inputs.file} tags=${workflow.inputs.tags}', scope)).toBe(
      'file=data.csv tags=["a","b"]',
    );
  });

  it('renders nested input values', () => {
    expect(
      renderValue({ a: ['${item.name}', 3], b: { key: '${secrets.API_KEY}' } }, scope),
    ).toEqual({ a: ['photo.jpg', 3], b: { key: 's3cret' } });
  });

  it('compares numbers given as strings numerically', () => {
    expect(evaluateExpression('steps.score.outputs.value > workflow.inputs.threshold', scope)).toBe(
      true,
    );
    expect(evaluateExpression("steps.score.outputs.value == '0.75'", scope)).toBe(true);
    expect(evaluateExpression('steps.data-extraction.outputs.count == 2', scope)).toBe(true);
    expect(evaluateExpression("'10' < '9'", scope)).toBe(false);
    expect(evaluateExpression("'b' > 'a'", scope)).toBe(true);
  });

  it('evaluates membership in lists, strings and objects', () => {
    expect(evaluateExpression("'a' in workflow.inputs.tags", scope)).toBe(true);
    expect(evaluateExpression("'pos' in steps.score.outputs.label", scope)).toBe(true);
    expect(evaluateExpression("'name' in item", scope)).toBe(true);
    expect(evaluateExpression("'c' not in workflow.inputs.tags", scope)).toBe(true);
  });

  it('evaluates conditions in all three written forms', () => {
    expect(evaluateCondition('steps.score.outputs.label == "positive"', scope)).toBe(true);
    expect(evaluateCondition('${steps.score.outputs.label == "negative"}', scope)).toBe(false);
    expect(
      evaluateCondition('${steps.score.outputs.value} > 0.7 and ${item.size} >= 10', scope),
    ).toBe(true);
    expect(evaluateCondition('not ${workflow.inputs.tags}', scope)).toBe(false);
  });

  it('keeps offsets of mixed conditions as written', () => {
    try {
      parseCondition('${item.size} > > 3');
      expect.unreachable();
    } catch (error) {
      expect((error as ExpressionSyntaxError).offset).toBe(15);
    }
  });

  it('treats empty lists and objects as false', () => {
    expect(evaluateCondition('[]', scope)).toBe(false);
    expect(evaluateCondition('[0]', scope)).toBe(true);
    expect(evaluateCondition('null or 0 or ""', scope)).toBe(false);
  });

  it('names what is missing', () => {
    expect(() => evaluateExpression('steps.nope.outputs.x', scope)).toThrow(
      'steps.nope.outputs.x has no value: steps has no "nope"',
    );
    expect(() => evaluateExpression('env.HOME', scope)).toThrow(ExpressionEvaluationError);
    expect(
      evaluateExpression('steps.nope.outputs.x', scope, { missing: 'undefined' }),
    ).toBeUndefined();
  });

  it('refuses to compare what has no order', () => {
    expect(() => evaluateExpression('item < 3', scope)).toThrow('"<" compares numbers or strings');
  });

  it.each([
    'item.constructor',
    'item.constructor.constructor',
    'item.__proto__',
    'item["__proto__"]',
    'workflow.inputs.tags.map',
    'steps.score.outputs.value.toString',
    'item.hasOwnProperty',
  ])('never reaches built-in properties: %s', (source) => {
    expect(() => evaluateExpression(source, scope)).toThrow(ExpressionEvaluationError);
  });

  it('treats code-looking input text as data', () => {
    const hostile = {
      workflow: {
        inputs: {
          text: "${constructor.constructor('return process')()}",
          tpl: '`${process.exit(1)}`',
        },
      },
    };
    expect(renderTemplate('${workflow.inputs.text}', hostile)).toBe(
      "${constructor.constructor('return process')()}",
    );
    expect(renderTemplate('x ${workflow.inputs.tpl}', hostile)).toBe('x `${process.exit(1)}`');
    expect(() => parseTemplate("${constructor.constructor('return process')()}")).toThrow(
      ExpressionSyntaxError,
    );
  });
});
