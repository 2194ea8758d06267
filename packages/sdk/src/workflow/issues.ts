import { Mark1Error, SdkErrorCodes } from '../errors';
import type { DataType, TypeCompatibility } from '../data-types';

/** What the workflow validator can find wrong. */
export const WorkflowIssueCodes = {
  /** The file is not valid YAML/JSON. */
  PARSE_ERROR: 'PARSE_ERROR',
  /** A value does not match the workflow schema. */
  SCHEMA: 'SCHEMA',
  /** Two steps share an id. */
  DUPLICATE_STEP_ID: 'DUPLICATE_STEP_ID',
  /** A step names a plugin that is not installed. */
  UNKNOWN_PLUGIN: 'UNKNOWN_PLUGIN',
  /** A step names a capability its plugin does not have. */
  UNKNOWN_CAPABILITY: 'UNKNOWN_CAPABILITY',
  /** A step gives an input its capability does not take. */
  UNKNOWN_INPUT: 'UNKNOWN_INPUT',
  /** A required input of a capability has no value. */
  MISSING_REQUIRED_INPUT: 'MISSING_REQUIRED_INPUT',
  /** An expression does not parse. */
  EXPRESSION_SYNTAX: 'EXPRESSION_SYNTAX',
  /** An expression starts with a name that is not workflow, steps, item or secrets. */
  UNKNOWN_REFERENCE: 'UNKNOWN_REFERENCE',
  /** An expression refers to a step that does not exist. */
  UNKNOWN_STEP: 'UNKNOWN_STEP',
  /** An expression refers to an output the step's capability does not produce. */
  UNKNOWN_OUTPUT: 'UNKNOWN_OUTPUT',
  /** An expression refers to a workflow input that is not declared. */
  UNKNOWN_WORKFLOW_INPUT: 'UNKNOWN_WORKFLOW_INPUT',
  /** `${item}` is used in a step without `foreach`. */
  ITEM_OUTSIDE_FOREACH: 'ITEM_OUTSIDE_FOREACH',
  /** A step uses another step's output without depending on it. */
  MISSING_DEPENDS_ON: 'MISSING_DEPENDS_ON',
  /** `depends_on` names a step that does not exist. */
  UNKNOWN_DEPENDENCY: 'UNKNOWN_DEPENDENCY',
  /** Steps depend on each other in a circle. */
  CYCLE: 'CYCLE',
  /** A value's data type cannot feed the input it is bound to. */
  TYPE_MISMATCH: 'TYPE_MISMATCH',
  /** A literal value does not fit the input's schema (type or enum). */
  INVALID_LITERAL: 'INVALID_LITERAL',
  /** `on_error` names a fallback step that does not exist. */
  UNKNOWN_FALLBACK_STEP: 'UNKNOWN_FALLBACK_STEP',
} as const;

/** One of {@link WorkflowIssueCodes}. */
export type WorkflowIssueCode = (typeof WorkflowIssueCodes)[keyof typeof WorkflowIssueCodes];

/** A problem found in a workflow, with where it is. */
export interface WorkflowIssue {
  readonly code: WorkflowIssueCode;
  readonly severity: 'error' | 'warning';
  /** What is wrong and how to fix it. */
  readonly message: string;
  /** Where in the workflow, e.g. `steps[2].inputs.data`. */
  readonly path: string;
  /** The same place as data path segments. */
  readonly dataPath: readonly (string | number)[];
  /** 1-based line in the file, when the workflow came from a file. */
  readonly line?: number;
  /** 1-based column in the file, when the workflow came from a file. */
  readonly column?: number;
  /** The likely intended name, for "did you mean" fixes. */
  readonly suggestion?: string;
}

/** One data-flow edge: a step output (or workflow input) bound to a step input. */
export interface DataEdge {
  /** `steps.<id>.outputs.<name>` or `workflow.inputs.<name>`. */
  readonly from: string;
  /** The source step id, when the value comes from a step. */
  readonly fromStep?: string;
  readonly toStep: string;
  readonly toInput: string;
  readonly fromType: DataType;
  readonly toType: DataType;
  /** True when the source step runs `foreach`, so the value is the list of its outputs. */
  readonly list: boolean;
  readonly compatibility: TypeCompatibility;
}

/** What {@link validateWorkflow} found. */
export interface WorkflowValidationReport {
  /** True when there are no errors (warnings allowed). */
  readonly valid: boolean;
  readonly errors: readonly WorkflowIssue[];
  readonly warnings: readonly WorkflowIssue[];
  /** Data flowing between steps, with the type check of each edge. */
  readonly edges: readonly DataEdge[];
  /** Step ids in an order that respects `depends_on` (empty when there is a cycle). */
  readonly order: readonly string[];
}

/** `file.yml:12:7: steps[2].inputs.data: message` (parts that are unknown are left out). */
export function formatIssue(issue: WorkflowIssue, filename?: string): string {
  const where = filename
    ? `${filename}${issue.line !== undefined ? `:${issue.line}:${issue.column ?? 1}` : ''}: `
    : issue.line !== undefined
      ? `line ${issue.line}, column ${issue.column ?? 1}: `
      : '';
  const path = issue.path && issue.path !== '(root)' ? `${issue.path}: ` : '';
  return `${where}${path}${issue.message}`;
}

/** A workflow that cannot be used, with every problem found. */
export class WorkflowError extends Mark1Error {
  /** Every problem, errors first. */
  readonly issues: readonly WorkflowIssue[];

  constructor(code: string, issues: readonly WorkflowIssue[], filename?: string) {
    const errors = issues.filter((issue) => issue.severity === 'error');
    const shown = errors.slice(0, 10).map((issue) => `  - ${formatIssue(issue, filename)}`);
    const more = errors.length > 10 ? [`  … and ${errors.length - 10} more`] : [];
    super(
      code,
      `${filename ? `Workflow ${filename}` : 'The workflow'} has ${errors.length} problem${errors.length === 1 ? '' : 's'}:\n${[...shown, ...more].join('\n')}`,
      { details: { filename, issues } },
    );
    this.name = 'WorkflowError';
    this.issues = issues;
  }
}

/** The code for a report that holds only parse problems, or schema/semantic ones. */
export function workflowErrorCode(issues: readonly WorkflowIssue[]): string {
  return issues.some((issue) => issue.code === WorkflowIssueCodes.PARSE_ERROR)
    ? SdkErrorCodes.WORKFLOW_PARSE_ERROR
    : SdkErrorCodes.WORKFLOW_INVALID;
}
