import { SdkErrorCodes } from '../errors';
import type { CapabilityCatalog } from '../catalog';
import { parseYamlSource, type SourceMap } from '../source-map';
import { describeZodError } from '../zod-issues';
import {
  type WorkflowIssue,
  WorkflowError,
  WorkflowIssueCodes,
  type WorkflowValidationReport,
  workflowErrorCode,
} from './issues';
import { type Workflow, WorkflowSchema } from './schema';
import { schemaIssues, validateWorkflow } from './validate';

/** Options for reading a workflow file. */
export interface ParseWorkflowOptions {
  /** The file's name, used in messages (`workflow.yml:12:7`). */
  filename?: string;
}

/** A parsed workflow with the positions of its source. */
export interface ParsedWorkflow {
  readonly workflow: Workflow;
  readonly sourceMap: SourceMap;
}

type ParseOutcome =
  { ok: true; workflow: Workflow; sourceMap: SourceMap } | { ok: false; issues: WorkflowIssue[] };

function parseOutcome(text: string, filename?: string): ParseOutcome {
  const source = parseYamlSource(text, filename);
  if (!source.ok) {
    return {
      ok: false,
      issues: source.problems.map((problem) => ({
        code: WorkflowIssueCodes.PARSE_ERROR,
        severity: 'error' as const,
        message: `${problem.message}; fix the YAML syntax here`,
        path: '(root)',
        dataPath: [],
        ...(problem.position
          ? { line: problem.position.line, column: problem.position.column }
          : {}),
      })),
    };
  }
  const parsed = WorkflowSchema.safeParse(source.value);
  if (!parsed.success) {
    return {
      ok: false,
      issues: schemaIssues(describeZodError(parsed.error, WorkflowSchema), source.sourceMap),
    };
  }
  return { ok: true, workflow: parsed.data, sourceMap: source.sourceMap };
}

/**
 * Reads a workflow from YAML or JSON text and checks it against the schema. Throws a
 * {@link WorkflowError} (`WORKFLOW_PARSE_ERROR` or `WORKFLOW_INVALID`) naming file:line:column for
 * every problem.
 */
export function parseWorkflow(text: string, options: ParseWorkflowOptions = {}): ParsedWorkflow {
  const outcome = parseOutcome(text, options.filename);
  if (!outcome.ok) {
    throw new WorkflowError(workflowErrorCode(outcome.issues), outcome.issues, options.filename);
  }
  return { workflow: outcome.workflow, sourceMap: outcome.sourceMap };
}

/**
 * Reads and fully validates workflow text against a catalog, returning every problem with its
 * line and column; never throws on a bad workflow.
 */
export function validateWorkflowText(
  text: string,
  catalog: CapabilityCatalog,
  options: ParseWorkflowOptions = {},
): WorkflowValidationReport & { workflow?: Workflow } {
  const outcome = parseOutcome(text, options.filename);
  if (!outcome.ok) {
    return { valid: false, errors: outcome.issues, warnings: [], edges: [], order: [] };
  }
  return {
    ...validateWorkflow(outcome.workflow, catalog, { sourceMap: outcome.sourceMap }),
    workflow: outcome.workflow,
  };
}

/**
 * Validates a workflow and returns it parsed, or throws a {@link WorkflowError} with every problem.
 * The executor calls this before running; the planner before returning a plan.
 */
export function assertValidWorkflow(
  workflow: unknown,
  catalog: CapabilityCatalog,
  options: ParseWorkflowOptions & { sourceMap?: SourceMap } = {},
): Workflow {
  const report = validateWorkflow(workflow, catalog, { sourceMap: options.sourceMap });
  if (!report.valid) {
    throw new WorkflowError(
      SdkErrorCodes.WORKFLOW_INVALID,
      [...report.errors, ...report.warnings],
      options.filename,
    );
  }
  return WorkflowSchema.parse(workflow);
}
