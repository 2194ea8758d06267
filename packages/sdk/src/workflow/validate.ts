import type { CapabilityCatalog, CatalogEntry } from '../catalog';
import { compatibility, type DataType } from '../data-types';
import { type ExpressionNode, formatPath, type PathNode } from '../expressions/ast';
import { ExpressionSyntaxError } from '../expressions/expression-error';
import { parseCondition } from '../expressions/parser';
import {
  parseTemplate,
  type Template,
  templateReferences,
  wholeExpression,
} from '../expressions/template';
import { collectPaths } from '../expressions/ast';
import { dataTypeOfSchema, type InputSchema } from '../manifest/json-schema';
import { type DataPath, formatDataPath, type SourceMap } from '../source-map';
import { closestMatch } from '../suggest';
import { describeZodError } from '../zod-issues';
import {
  type DataEdge,
  type WorkflowIssue,
  type WorkflowIssueCode,
  WorkflowIssueCodes,
  type WorkflowValidationReport,
} from './issues';
import { type Workflow, type WorkflowInputSpec, WorkflowSchema, type WorkflowStep } from './schema';

/** Options of {@link validateWorkflow}. */
export interface ValidateWorkflowOptions {
  /** Positions of the workflow's source file, to give errors a line and column. */
  sourceMap?: SourceMap;
}

const REFERENCE_ROOTS = ['workflow', 'steps', 'item', 'secrets'];

interface StepInfo {
  readonly step: WorkflowStep;
  readonly index: number;
  readonly entry?: CatalogEntry;
  /** Names other steps may use in `steps.<id>.outputs.<name>`, mapped to the capability output. */
  readonly outputNames?: ReadonlyMap<string, string>;
}

/** Where a template sits in the workflow, to place errors precisely. */
interface TemplateSite {
  readonly dataPath: DataPath;
  /** The step the template belongs to (undefined for workflow outputs). */
  readonly stepIndex?: number;
  readonly allowItem: boolean;
}

class WorkflowValidator {
  private readonly issues: WorkflowIssue[] = [];
  private readonly edges: DataEdge[] = [];
  private readonly steps = new Map<string, StepInfo>();
  private ancestors = new Map<string, Set<string>>();
  private order: string[] = [];

  constructor(
    private readonly workflow: Workflow,
    private readonly catalog: CapabilityCatalog,
    private readonly sourceMap?: SourceMap,
  ) {}

  run(): WorkflowValidationReport {
    this.indexSteps();
    this.checkDependencies();
    this.workflow.steps.forEach((step, index) => this.checkStep(step, index));
    for (const [name, value] of Object.entries(this.workflow.outputs)) {
      this.checkValue(value, { dataPath: ['outputs', name], allowItem: false });
    }
    const errors = this.issues.filter((issue) => issue.severity === 'error');
    const warnings = this.issues.filter((issue) => issue.severity === 'warning');
    return { valid: errors.length === 0, errors, warnings, edges: this.edges, order: this.order };
  }

  private report(
    code: WorkflowIssueCode,
    dataPath: DataPath,
    message: string,
    extra: { severity?: 'error' | 'warning'; suggestion?: string; offset?: number } = {},
  ): void {
    const position =
      extra.offset !== undefined
        ? this.sourceMap?.locateInString(dataPath, extra.offset)
        : this.sourceMap?.locate(dataPath);
    this.issues.push({
      code,
      severity: extra.severity ?? 'error',
      message,
      path: formatDataPath(dataPath),
      dataPath,
      ...(position ? { line: position.line, column: position.column } : {}),
      ...(extra.suggestion ? { suggestion: extra.suggestion } : {}),
    });
  }

  private indexSteps(): void {
    const plugins = this.catalog.plugins();
    this.workflow.steps.forEach((step, index) => {
      if (this.steps.has(step.id)) {
        const first = this.steps.get(step.id)!;
        this.report(
          WorkflowIssueCodes.DUPLICATE_STEP_ID,
          ['steps', index, 'id'],
          `step id "${step.id}" is already used by steps[${first.index}]; give each step its own id`,
        );
        return;
      }
      const entry = this.catalog.find(step.plugin, step.capability);
      if (!entry) this.reportUnknownCapability(step, index, plugins);
      let outputNames: Map<string, string> | undefined;
      if (entry) {
        outputNames = new Map(Object.keys(entry.capability.outputs).map((name) => [name, name]));
        for (const [alias, target] of Object.entries(step.outputs ?? {})) {
          if (!(target in entry.capability.outputs)) {
            const suggestion = closestMatch(target, Object.keys(entry.capability.outputs));
            this.report(
              WorkflowIssueCodes.UNKNOWN_OUTPUT,
              ['steps', index, 'outputs', alias],
              `"${step.capability}" has no output "${target}" to name "${alias}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} Its outputs: ${Object.keys(entry.capability.outputs).join(', ') || 'none'}.`,
              { suggestion },
            );
          } else {
            outputNames.set(alias, target);
          }
        }
      }
      this.steps.set(step.id, { step, index, entry, outputNames });
    });
  }

  private reportUnknownCapability(
    step: WorkflowStep,
    index: number,
    plugins: readonly string[],
  ): void {
    if (!plugins.includes(step.plugin)) {
      const suggestion = closestMatch(step.plugin, plugins);
      const providers = this.catalog
        .entries()
        .filter((entry) => entry.capability.name === step.capability)
        .map((entry) => entry.plugin);
      const hint = suggestion
        ? ` Did you mean "${suggestion}"?`
        : providers.length
          ? ` Capability "${step.capability}" is provided by: ${providers.join(', ')}.`
          : ` Installed plugins: ${plugins.slice(0, 10).join(', ') || 'none'} (install one with \`mark1 plugin install\`).`;
      this.report(
        WorkflowIssueCodes.UNKNOWN_PLUGIN,
        ['steps', index, 'plugin'],
        `plugin "${step.plugin}" is not installed.${hint}`,
        { suggestion },
      );
      return;
    }
    const names = this.catalog
      .entries()
      .filter((entry) => entry.plugin === step.plugin)
      .map((entry) => entry.capability.name);
    const suggestion = closestMatch(step.capability, names);
    this.report(
      WorkflowIssueCodes.UNKNOWN_CAPABILITY,
      ['steps', index, 'capability'],
      `plugin "${step.plugin}" has no capability "${step.capability}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} Its capabilities: ${names.join(', ')}.`,
      { suggestion },
    );
  }

  private checkDependencies(): void {
    const ids = [...this.steps.keys()];
    for (const { step, index } of this.steps.values()) {
      step.depends_on.forEach((dependency, position) => {
        if (dependency === step.id) {
          this.report(
            WorkflowIssueCodes.CYCLE,
            ['steps', index, 'depends_on', position],
            `step "${step.id}" depends on itself; remove it from its own depends_on`,
          );
        } else if (!this.steps.has(dependency)) {
          const suggestion = closestMatch(dependency, ids);
          this.report(
            WorkflowIssueCodes.UNKNOWN_DEPENDENCY,
            ['steps', index, 'depends_on', position],
            `depends_on names "${dependency}", which is not a step.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
            { suggestion },
          );
        }
      });
    }
    const cycle = this.findCycle();
    if (cycle) {
      const first = this.steps.get(cycle[0]!)!;
      this.report(
        WorkflowIssueCodes.CYCLE,
        ['steps', first.index, 'depends_on'],
        `steps depend on each other in a circle: ${cycle.join(' → ')}; remove one of these depends_on entries`,
      );
      return;
    }
    this.order = this.topologicalOrder();
    for (const id of this.order) {
      const info = this.steps.get(id)!;
      const set = new Set<string>();
      for (const dependency of info.step.depends_on) {
        if (!this.steps.has(dependency) || dependency === id) continue;
        set.add(dependency);
        for (const ancestor of this.ancestors.get(dependency) ?? []) set.add(ancestor);
      }
      this.ancestors.set(id, set);
    }
  }

  private dependenciesOf(id: string): string[] {
    const info = this.steps.get(id);
    return (info?.step.depends_on ?? []).filter((dep) => dep !== id && this.steps.has(dep));
  }

  private findCycle(): string[] | undefined {
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (id: string): string[] | undefined => {
      state.set(id, 'visiting');
      stack.push(id);
      for (const dependency of this.dependenciesOf(id)) {
        const seen = state.get(dependency);
        if (seen === 'visiting') {
          const start = stack.indexOf(dependency);
          // Shown in execution order: each step runs before the one after it.
          return [...stack.slice(start), dependency].reverse();
        }
        if (!seen) {
          const found = visit(dependency);
          if (found) return found;
        }
      }
      stack.pop();
      state.set(id, 'done');
      return undefined;
    };
    for (const id of this.steps.keys()) {
      if (!state.has(id)) {
        const found = visit(id);
        if (found) return found;
      }
    }
    return undefined;
  }

  private topologicalOrder(): string[] {
    const order: string[] = [];
    const placed = new Set<string>();
    const ids = [...this.steps.keys()];
    while (order.length < ids.length) {
      const ready = ids.filter(
        (id) => !placed.has(id) && this.dependenciesOf(id).every((dep) => placed.has(dep)),
      );
      if (ready.length === 0) break;
      for (const id of ready) {
        placed.add(id);
        order.push(id);
      }
    }
    return order;
  }

  private checkStep(step: WorkflowStep, index: number): void {
    const info = this.steps.get(step.id);
    if (info?.index !== index) return;
    const allowItem = step.foreach !== undefined;
    const properties = info.entry?.capability.inputs.properties;
    const required = info.entry?.capability.inputs.required ?? [];

    if (typeof step.foreach === 'string') {
      this.checkValue(step.foreach, {
        dataPath: ['steps', index, 'foreach'],
        stepIndex: index,
        allowItem: false,
      });
    }
    if (step.when !== undefined) this.checkCondition(step.when, index, allowItem);

    for (const [name, value] of Object.entries(step.inputs)) {
      const dataPath = ['steps', index, 'inputs', name];
      const schema = properties?.[name];
      if (properties && !schema && info.entry?.capability.inputs.additionalProperties !== true) {
        const suggestion = closestMatch(name, Object.keys(properties));
        this.report(
          WorkflowIssueCodes.UNKNOWN_INPUT,
          dataPath,
          `"${step.capability}" takes no input "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} Its inputs: ${Object.keys(properties).join(', ') || 'none'}.`,
          { suggestion },
        );
      }
      const templates = this.checkValue(value, { dataPath, stepIndex: index, allowItem });
      if (schema) this.checkBinding(value, templates, schema, info, name, dataPath);
    }
    for (const name of required) {
      if (name in step.inputs) continue;
      const schema = properties?.[name];
      if (schema?.default !== undefined) continue;
      this.report(
        WorkflowIssueCodes.MISSING_REQUIRED_INPUT,
        ['steps', index, 'inputs'],
        `"${step.capability}" needs input "${name}"${schema?.description ? ` (${schema.description})` : ''}; add \`${name}: ...\` under inputs`,
      );
    }
    if (step.on_error !== 'fail' && step.on_error !== 'continue') {
      if (step.on_error === step.id || !this.steps.has(step.on_error)) {
        const suggestion = closestMatch(
          step.on_error,
          [...this.steps.keys()].filter((id) => id !== step.id),
        );
        this.report(
          WorkflowIssueCodes.UNKNOWN_FALLBACK_STEP,
          ['steps', index, 'on_error'],
          `on_error is "fail", "continue" or the id of another step to run instead; "${step.on_error}" is none of these.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
          { suggestion },
        );
      }
    }
  }

  private checkCondition(condition: string, index: number, allowItem: boolean): void {
    const dataPath = ['steps', index, 'when'];
    let node: ExpressionNode;
    try {
      node = parseCondition(condition);
    } catch (error) {
      if (error instanceof ExpressionSyntaxError) {
        this.report(
          WorkflowIssueCodes.EXPRESSION_SYNTAX,
          dataPath,
          `in condition "${condition}": ${error.reason}`,
          {
            offset: error.offset,
          },
        );
        return;
      }
      throw error;
    }
    for (const path of collectPaths(node)) {
      this.checkReference(path, path.start, { dataPath, stepIndex: index, allowItem });
    }
  }

  /** Checks every template inside a value; returns the parsed templates by string. */
  private checkValue(value: unknown, site: TemplateSite): Map<string, Template> {
    const templates = new Map<string, Template>();
    const visit = (item: unknown, dataPath: DataPath) => {
      if (typeof item === 'string') {
        if (!item.includes('${')) return;
        let template: Template;
        try {
          template = parseTemplate(item);
        } catch (error) {
          if (error instanceof ExpressionSyntaxError) {
            this.report(
              WorkflowIssueCodes.EXPRESSION_SYNTAX,
              dataPath,
              `in "${item}": ${error.reason}`,
              {
                offset: error.offset,
              },
            );
            return;
          }
          throw error;
        }
        templates.set(item, template);
        for (const reference of templateReferences(template)) {
          this.checkReference(reference.path, reference.offset, { ...site, dataPath });
        }
      } else if (Array.isArray(item)) {
        item.forEach((element, position) => visit(element, [...dataPath, position]));
      } else if (item !== null && typeof item === 'object') {
        for (const [key, element] of Object.entries(item)) visit(element, [...dataPath, key]);
      }
    };
    visit(value, site.dataPath);
    return templates;
  }

  private checkReference(path: PathNode, offset: number, site: TemplateSite): void {
    const written = formatPath(path);
    const at = { offset };
    switch (path.root) {
      case 'workflow': {
        const [section, name] = path.segments;
        if (section !== 'inputs') {
          this.report(
            WorkflowIssueCodes.UNKNOWN_REFERENCE,
            site.dataPath,
            `"${written}": a workflow exposes only its inputs, as workflow.inputs.<name>`,
            at,
          );
          return;
        }
        const declared = Object.keys(this.workflow.inputs);
        if (typeof name !== 'string' || !(name in this.workflow.inputs)) {
          const suggestion = typeof name === 'string' ? closestMatch(name, declared) : undefined;
          this.report(
            WorkflowIssueCodes.UNKNOWN_WORKFLOW_INPUT,
            site.dataPath,
            `"${written}" is not a workflow input.${suggestion ? ` Did you mean "workflow.inputs.${suggestion}"?` : ''} Declare it under the workflow's inputs${declared.length ? ` (declared: ${declared.join(', ')})` : ''}.`,
            { ...at, suggestion },
          );
        }
        return;
      }
      case 'steps': {
        const [id, section, output] = path.segments;
        const target = typeof id === 'string' ? this.steps.get(id) : undefined;
        if (!target) {
          const suggestion =
            typeof id === 'string' ? closestMatch(id, [...this.steps.keys()]) : undefined;
          this.report(
            WorkflowIssueCodes.UNKNOWN_STEP,
            site.dataPath,
            `"${written}" refers to step "${String(id)}", which does not exist.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
            { ...at, suggestion },
          );
          return;
        }
        if (section !== 'outputs' || typeof output !== 'string') {
          this.report(
            WorkflowIssueCodes.UNKNOWN_REFERENCE,
            site.dataPath,
            `"${written}": refer to a step's results as steps.${String(id)}.outputs.<name>`,
            at,
          );
          return;
        }
        if (target.outputNames && !target.outputNames.has(output)) {
          const names = [...target.outputNames.keys()];
          const suggestion = closestMatch(output, names);
          this.report(
            WorkflowIssueCodes.UNKNOWN_OUTPUT,
            site.dataPath,
            `step "${String(id)}" (${target.step.plugin}/${target.step.capability}) has no output "${output}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} Its outputs: ${names.join(', ') || 'none'}.`,
            { ...at, suggestion },
          );
        }
        if (site.stepIndex !== undefined) {
          const self = this.workflow.steps[site.stepIndex]!;
          if (self.id === id) {
            this.report(
              WorkflowIssueCodes.CYCLE,
              site.dataPath,
              `step "${self.id}" cannot use its own output "${written}"`,
              at,
            );
          } else if (this.order.length > 0 && !this.ancestors.get(self.id)?.has(id as string)) {
            this.report(
              WorkflowIssueCodes.MISSING_DEPENDS_ON,
              site.dataPath,
              `step "${self.id}" uses "${written}" but does not depend on "${String(id)}"; add "${String(id)}" to its depends_on`,
              { ...at, suggestion: String(id) },
            );
          }
        }
        return;
      }
      case 'item':
        if (!site.allowItem) {
          this.report(
            WorkflowIssueCodes.ITEM_OUTSIDE_FOREACH,
            site.dataPath,
            `"${written}" is only defined in a step with foreach; add foreach to this step or use another value`,
            at,
          );
        }
        return;
      case 'secrets':
        if (path.segments.length !== 1 || typeof path.segments[0] !== 'string') {
          this.report(
            WorkflowIssueCodes.UNKNOWN_REFERENCE,
            site.dataPath,
            `"${written}": name one secret, as secrets.<NAME>`,
            at,
          );
        }
        return;
      default: {
        const suggestion =
          path.root === 'inputs' ? 'workflow' : closestMatch(path.root, REFERENCE_ROOTS);
        this.report(
          WorkflowIssueCodes.UNKNOWN_REFERENCE,
          site.dataPath,
          `"${written}" starts with "${path.root}", which expressions do not know.${path.root === 'inputs' ? ' Workflow inputs are written workflow.inputs.<name>.' : suggestion ? ` Did you mean "${suggestion}"?` : ''} Expressions can use workflow.inputs.<name>, steps.<id>.outputs.<name>, item (inside foreach) and secrets.<NAME>.`,
          { ...at, suggestion },
        );
      }
    }
  }

  /** The data type of a whole-expression value, and whether it is a list of a foreach step's outputs. */
  private typeOfReference(
    path: PathNode,
  ): { type: DataType; list: boolean; from: string; fromStep?: string } | undefined {
    if (path.root === 'steps' && path.segments.length === 3 && path.segments[1] === 'outputs') {
      const target = this.steps.get(String(path.segments[0]));
      const outputName = target?.outputNames?.get(String(path.segments[2]));
      const spec = outputName ? target?.entry?.capability.outputs[outputName] : undefined;
      if (!target || !spec) return undefined;
      return {
        type: spec.type,
        list: target.step.foreach !== undefined,
        from: formatPath(path),
        fromStep: target.step.id,
      };
    }
    if (path.root === 'workflow' && path.segments.length === 2 && path.segments[0] === 'inputs') {
      const spec: WorkflowInputSpec | undefined = this.workflow.inputs[String(path.segments[1])];
      if (!spec) return undefined;
      return { type: dataTypeOfSchema(spec), list: false, from: formatPath(path) };
    }
    if (path.root === 'secrets') return { type: 'text', list: false, from: formatPath(path) };
    return undefined;
  }

  private checkBinding(
    value: unknown,
    templates: Map<string, Template>,
    schema: InputSchema,
    info: StepInfo,
    inputName: string,
    dataPath: DataPath,
  ): void {
    const targetType = dataTypeOfSchema(schema);
    if (typeof value === 'string' && templates.has(value)) {
      const template = templates.get(value)!;
      const whole = wholeExpression(template);
      let source: { type: DataType; list: boolean; from: string; fromStep?: string } | undefined;
      if (whole && whole.node.kind === 'path') source = this.typeOfReference(whole.node);
      else if (!whole) source = { type: 'text', list: false, from: 'text' };
      if (!source) return;
      const expectsList = schema.type === 'array';
      let fromType: DataType = source.list && !expectsList ? 'json' : source.type;
      let toType = targetType;
      if (source.list && expectsList && schema.items) toType = dataTypeOfSchema(schema.items);
      if (!source.list && expectsList && source.type !== 'json') {
        fromType = source.type;
        toType = 'json';
      }
      const verdict = compatibility(fromType, toType);
      if (source.from !== 'text') {
        this.edges.push({
          from: source.from,
          ...(source.fromStep ? { fromStep: source.fromStep } : {}),
          toStep: info.step.id,
          toInput: inputName,
          fromType: source.type,
          toType: targetType,
          list: source.list,
          compatibility: verdict,
        });
      }
      if (verdict === 'incompatible') {
        this.report(
          WorkflowIssueCodes.TYPE_MISMATCH,
          dataPath,
          `"${info.step.capability}" expects ${toType} for "${inputName}" but ${source.from === 'text' ? 'this text' : `"${source.from}"`} gives ${source.list ? `a list of ${source.type}` : fromType}, which cannot be converted; bind another output or add a conversion step`,
        );
      }
      return;
    }
    this.checkLiteral(value, schema, info, inputName, dataPath);
  }

  private checkLiteral(
    value: unknown,
    schema: InputSchema,
    info: StepInfo,
    inputName: string,
    dataPath: DataPath,
  ): void {
    if (
      schema.enum &&
      !schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))
    ) {
      const options = schema.enum.map((option) => JSON.stringify(option));
      const suggestion =
        typeof value === 'string'
          ? closestMatch(
              value,
              schema.enum.filter((o): o is string => typeof o === 'string'),
            )
          : undefined;
      this.report(
        WorkflowIssueCodes.INVALID_LITERAL,
        dataPath,
        `${JSON.stringify(value)} is not an allowed value of "${inputName}"; use one of ${options.join(', ')}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        { suggestion },
      );
      return;
    }
    const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    if (types.length === 0) return;
    const fits = types.some((type) => {
      switch (type) {
        case 'string':
          return (
            typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
          );
        case 'number':
          return (
            typeof value === 'number' ||
            (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
          );
        case 'integer':
          return (
            (typeof value === 'number' && Number.isInteger(value)) ||
            (typeof value === 'string' && /^-?\d+$/.test(value.trim()))
          );
        case 'boolean':
          return typeof value === 'boolean' || value === 'true' || value === 'false';
        case 'array':
          return Array.isArray(value);
        case 'object':
          return value !== null && typeof value === 'object' && !Array.isArray(value);
        case 'null':
          return value === null;
      }
    });
    if (!fits) {
      this.report(
        WorkflowIssueCodes.INVALID_LITERAL,
        dataPath,
        `"${info.step.capability}" expects ${types.join(' or ')} for "${inputName}", not ${JSON.stringify(value)}`,
      );
    }
  }
}

/** Turns schema problems into workflow issues with positions. */
export function schemaIssues(
  problems: readonly { path: readonly (string | number)[]; message: string }[],
  sourceMap?: SourceMap,
): WorkflowIssue[] {
  return problems.map((problem) => {
    const position = sourceMap?.locate(problem.path);
    return {
      code: WorkflowIssueCodes.SCHEMA,
      severity: 'error' as const,
      message: problem.message,
      path: formatDataPath(problem.path),
      dataPath: problem.path,
      ...(position ? { line: position.line, column: position.column } : {}),
    };
  });
}

/**
 * Checks a workflow against the schema and against the capabilities it calls: unknown plugins,
 * capabilities, inputs, steps and outputs (with "did you mean"), unbound required inputs,
 * expressions, `item` outside `foreach`, missing `depends_on`, cycles (named), and the data type
 * of every edge. Returns every problem found, never throws on a bad workflow.
 */
export function validateWorkflow(
  workflow: unknown,
  catalog: CapabilityCatalog,
  options: ValidateWorkflowOptions = {},
): WorkflowValidationReport {
  const parsed = WorkflowSchema.safeParse(workflow);
  if (!parsed.success) {
    const errors = schemaIssues(describeZodError(parsed.error, WorkflowSchema), options.sourceMap);
    return { valid: false, errors, warnings: [], edges: [], order: [] };
  }
  return new WorkflowValidator(parsed.data, catalog, options.sourceMap).run();
}
