import type { DataType } from '@mark1/sdk';
import type { RequestLiteral } from '../literals/extract-literals';

/** A workflow input the plan declares. */
export interface WorkflowInputDraft {
  readonly name: string;
  readonly dataType: DataType;
  /** JSON Schema of the input, with the literal as `default` when the request gave one. */
  readonly schema: Record<string, unknown>;
  /** What it holds, in plain words. */
  readonly description: string;
  /** True when the request gave no value: the user must provide it. */
  readonly missing: boolean;
  /** True for a missing value a step works on (not a setting), which later steps needing data may share. */
  readonly forData: boolean;
  /** The literals it holds (one, or several for a list). */
  readonly literals: readonly number[];
  /** Step inputs it feeds. */
  readonly usedBy: { step: string; input: string }[];
}

const PATH_FORMATS: Partial<Record<DataType, string>> = { directory: 'directory-path', url: 'uri' };

/** Turns words into a workflow input name: lowercase snake case starting with a letter. */
function toInputName(words: string): string {
  const name = words
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  if (name.length === 0) return 'input';
  return /^[a-z]/.test(name) ? name : `input_${name}`;
}

/** The base of a path's file or folder name (`./data/sales.csv` → `sales`). */
function pathStem(path: string): string {
  const last =
    path
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? path;
  return last.replace(/\..*$/, '') || 'path';
}

function schemaOfLiteral(literal: RequestLiteral): Record<string, unknown> {
  switch (literal.kind) {
    case 'json':
      return { type: Array.isArray(literal.value) ? 'array' : 'object', data_type: 'json' };
    case 'path':
      return {
        type: 'string',
        format: PATH_FORMATS[literal.dataType] ?? 'path',
        data_type: literal.dataType,
      };
    case 'url':
      return { type: 'string', format: 'uri', data_type: 'url' };
    case 'number':
      return { type: 'number' };
    case 'text':
    case 'email':
      return { type: 'string', data_type: 'text' };
  }
}

function describeLiteral(literal: RequestLiteral, dataName: string | undefined): string {
  const what =
    literal.kind === 'path'
      ? literal.dataType === 'directory'
        ? 'the folder'
        : 'the file'
      : literal.kind === 'url'
        ? 'the URL'
        : literal.kind === 'json'
          ? 'the data'
          : 'the text';
  return `${dataName ? `${dataName}: ` : ''}${what} given in the request`;
}

/**
 * The inputs a plan declares: one per literal used as data (its value becomes the input's default,
 * so the workflow can be rerun with another value), and one per value the request did not give.
 */
export class WorkflowInputRegistry {
  private readonly inputs = new Map<string, WorkflowInputDraft>();
  private readonly byLiteral = new Map<number, string>();

  constructor(
    private readonly literals: readonly RequestLiteral[],
    /** Names context clauses gave to literals ("customer feedback"). */
    private readonly literalNames: ReadonlyMap<number, string>,
  ) {}

  private uniqueName(base: string): string {
    let name = toInputName(base);
    for (let n = 2; this.inputs.has(name); n += 1) name = `${toInputName(base)}_${n}`;
    return name;
  }

  /** The input holding a literal, declared on first use; `fallbackName` names it when nothing better does. */
  forLiteral(index: number, fallbackName: string): WorkflowInputDraft {
    const existing = this.byLiteral.get(index);
    if (existing) return this.inputs.get(existing)!;
    const literal = this.literals[index]!;
    const dataName = this.literalNames.get(index);
    const base =
      dataName ??
      (literal.kind === 'path'
        ? pathStem(literal.value as string)
        : literal.kind === 'url'
          ? 'url'
          : fallbackName);
    const draft: WorkflowInputDraft = {
      name: this.uniqueName(base),
      dataType: literal.dataType,
      schema: {
        ...schemaOfLiteral(literal),
        description: describeLiteral(literal, dataName),
        default: literal.value,
      },
      description: describeLiteral(literal, dataName),
      missing: false,
      forData: true,
      literals: [index],
      usedBy: [],
    };
    this.inputs.set(draft.name, draft);
    this.byLiteral.set(index, draft.name);
    return draft;
  }

  /** A list input holding several literals (the items of a `foreach`). */
  forList(indexes: readonly number[], name: string, itemType: DataType): WorkflowInputDraft {
    const key = indexes.join(',');
    const existing = [...this.inputs.values()].find(
      (input) => input.literals.join(',') === key && input.schema.type === 'array',
    );
    if (existing) return existing;
    const description = `the ${indexes.length} items given in the request`;
    const draft: WorkflowInputDraft = {
      name: this.uniqueName(name),
      dataType: itemType,
      schema: {
        type: 'array',
        items: { type: 'string', data_type: itemType },
        description,
        default: indexes.map((index) => this.literals[index]!.value),
      },
      description,
      missing: false,
      forData: true,
      literals: [...indexes],
      usedBy: [],
    };
    this.inputs.set(draft.name, draft);
    return draft;
  }

  /** A value the request did not give; one input per name and type is shared by the steps needing it. */
  declareMissing(
    baseName: string,
    dataType: DataType,
    description: string,
    options: { list?: boolean; forData?: boolean } = {},
  ): WorkflowInputDraft {
    const wanted = toInputName(baseName);
    const shared = [...this.inputs.values()].find(
      (input) =>
        input.missing &&
        input.dataType === dataType &&
        (input.name === wanted || input.name.startsWith(`${wanted}_`)),
    );
    if (shared) return shared;
    const schema: Record<string, unknown> =
      dataType === 'json'
        ? { data_type: 'json' }
        : {
            type: 'string',
            data_type: dataType,
            ...(PATH_FORMATS[dataType] ? { format: PATH_FORMATS[dataType] } : {}),
          };
    const draft: WorkflowInputDraft = {
      name: this.uniqueName(baseName),
      dataType,
      schema: options.list
        ? { type: 'array', items: schema, description, required: true }
        : { ...schema, description, required: true },
      description,
      missing: true,
      forData: options.forData ?? false,
      literals: [],
      usedBy: [],
    };
    this.inputs.set(draft.name, draft);
    return draft;
  }

  /** Inputs declared without a value, to offer as shared sources to later steps. */
  missingInputs(): WorkflowInputDraft[] {
    return [...this.inputs.values()].filter((input) => input.missing);
  }

  /** Every declared input, in declaration order. */
  all(): WorkflowInputDraft[] {
    return [...this.inputs.values()];
  }
}
