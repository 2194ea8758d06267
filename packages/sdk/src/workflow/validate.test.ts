import { describe, expect, it } from 'vitest';
import { fixtureCatalog } from '../../test/catalog-fixture';
import { formatIssue, WorkflowError } from './issues';
import { assertValidWorkflow, parseWorkflow, validateWorkflowText } from './parse';
import { validateWorkflow } from './validate';

const pipeline = {
  name: 'feedback',
  inputs: { file: { type: 'string', format: 'path', data_type: 'csv' } },
  steps: [
    {
      id: 'extract',
      plugin: 'csv-tools',
      capability: 'extract-data',
      inputs: { file: '${workflow.inputs.file}' },
    },
    {
      id: 'stats',
      plugin: 'csv-tools',
      capability: 'csv-stats',
      depends_on: ['extract'],
      inputs: { data: '${steps.extract.outputs.table}', columns: ['a', 'b'] },
    },
    {
      id: 'report',
      plugin: 'report-builder',
      capability: 'build-report',
      depends_on: ['stats'],
      inputs: { title: 'Stats of ${workflow.inputs.file}', body: '${steps.stats.outputs.stats}' },
    },
  ],
  outputs: { report: '${steps.report.outputs.path}' },
};

function codes(workflow: unknown): string[] {
  return validateWorkflow(workflow, fixtureCatalog).errors.map((issue) => issue.code);
}

function withStep(index: number, patch: Record<string, unknown>) {
  return {
    ...pipeline,
    steps: pipeline.steps.map((step, i) => (i === index ? { ...step, ...patch } : step)),
  };
}

describe('validateWorkflow', () => {
  it('accepts a correct pipeline and reports its edges and order', () => {
    const report = validateWorkflow(pipeline, fixtureCatalog);
    expect(report.errors).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.order).toEqual(['extract', 'stats', 'report']);
    expect(report.edges).toEqual([
      {
        from: 'workflow.inputs.file',
        toStep: 'extract',
        toInput: 'file',
        fromType: 'csv',
        toType: 'csv',
        list: false,
        compatibility: 'exact',
      },
      {
        from: 'steps.extract.outputs.table',
        fromStep: 'extract',
        toStep: 'stats',
        toInput: 'data',
        fromType: 'csv',
        toType: 'csv',
        list: false,
        compatibility: 'exact',
      },
      {
        from: 'steps.stats.outputs.stats',
        fromStep: 'stats',
        toStep: 'report',
        toInput: 'body',
        fromType: 'json',
        toType: 'markdown',
        list: false,
        compatibility: 'convertible',
      },
    ]);
  });

  it('names an unknown plugin and suggests the closest one', () => {
    const report = validateWorkflow(withStep(0, { plugin: 'csv-tool' }), fixtureCatalog);
    expect(report.errors[0]).toMatchObject({
      code: 'UNKNOWN_PLUGIN',
      path: 'steps[0].plugin',
      suggestion: 'csv-tools',
    });
    expect(report.errors[0]!.message).toBe(
      'plugin "csv-tool" is not installed. Did you mean "csv-tools"?',
    );
  });

  it('points to the plugin that provides a capability when the plugin name is far off', () => {
    const report = validateWorkflow(withStep(0, { plugin: 'zzz' }), fixtureCatalog);
    expect(report.errors[0]!.message).toContain(
      'Capability "extract-data" is provided by: csv-tools',
    );
  });

  it("names an unknown capability with the plugin's list", () => {
    const report = validateWorkflow(withStep(1, { capability: 'csv-stat' }), fixtureCatalog);
    expect(report.errors[0]).toMatchObject({ code: 'UNKNOWN_CAPABILITY', suggestion: 'csv-stats' });
    expect(report.errors[0]!.message).toContain('Its capabilities: csv-stats, extract-data');
  });

  it('finds an unbound required input', () => {
    const report = validateWorkflow(withStep(1, { inputs: { columns: [] } }), fixtureCatalog);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({
      code: 'MISSING_REQUIRED_INPUT',
      path: 'steps[1].inputs',
    });
    expect(report.errors[0]!.message).toContain('needs input "data"');
  });

  it('does not ask for a required input that has a default', () => {
    const workflow = {
      name: 'w',
      steps: [
        {
          id: 's',
          plugin: 'text-sentiment',
          capability: 'analyze-sentiment',
          inputs: { text: 'hi' },
        },
      ],
    };
    expect(codes(workflow)).toEqual([]);
  });

  it('finds an unknown input with a suggestion', () => {
    const report = validateWorkflow(
      withStep(1, { inputs: { data: '${steps.extract.outputs.table}', colums: [] } }),
      fixtureCatalog,
    );
    expect(report.errors[0]).toMatchObject({ code: 'UNKNOWN_INPUT', suggestion: 'columns' });
  });

  it('finds references to unknown steps, outputs and workflow inputs, with suggestions', () => {
    const report = validateWorkflow(
      withStep(1, { inputs: { data: '${steps.extrct.outputs.table}' } }),
      fixtureCatalog,
    );
    expect(report.errors[0]).toMatchObject({
      code: 'UNKNOWN_STEP',
      suggestion: 'extract',
      path: 'steps[1].inputs.data',
    });

    const output = validateWorkflow(
      withStep(1, { inputs: { data: '${steps.extract.outputs.tabel}' } }),
      fixtureCatalog,
    );
    expect(output.errors[0]).toMatchObject({ code: 'UNKNOWN_OUTPUT', suggestion: 'table' });
    expect(output.errors[0]!.message).toContain('Its outputs: rows, table');

    const input = validateWorkflow(
      withStep(0, { inputs: { file: '${workflow.inputs.fiel}' } }),
      fixtureCatalog,
    );
    expect(input.errors[0]).toMatchObject({ code: 'UNKNOWN_WORKFLOW_INPUT', suggestion: 'file' });
  });

  it('requires depends_on where a reference implies it, accepting transitive dependencies', () => {
    const report = validateWorkflow(withStep(1, { depends_on: [] }), fixtureCatalog);
    expect(report.errors.map((issue) => issue.code)).toEqual(['MISSING_DEPENDS_ON']);
    expect(report.errors[0]!.message).toBe(
      'step "stats" uses "steps.extract.outputs.table" but does not depend on "extract"; add "extract" to its depends_on',
    );
    const transitive = withStep(2, {
      inputs: { title: '${steps.extract.outputs.rows}', body: '${steps.stats.outputs.stats}' },
    });
    expect(codes(transitive)).toEqual([]);
  });

  it('names the cycle', () => {
    const cyclic = withStep(0, { depends_on: ['report'] });
    const report = validateWorkflow(cyclic, fixtureCatalog);
    const cycle = report.errors.find((issue) => issue.code === 'CYCLE');
    expect(cycle?.message).toContain('extract → stats → report → extract');
    expect(report.order).toEqual([]);
  });

  it('finds a type mismatch along an edge', () => {
    const workflow = {
      name: 'w',
      steps: [
        {
          id: 'extract',
          plugin: 'csv-tools',
          capability: 'extract-data',
          inputs: { file: 'a.csv' },
        },
        {
          id: 'resize',
          plugin: 'images',
          capability: 'resize',
          depends_on: ['extract'],
          inputs: { image: '${steps.extract.outputs.table}', width: 100 },
        },
      ],
    };
    const report = validateWorkflow(workflow, fixtureCatalog);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({
      code: 'TYPE_MISMATCH',
      path: 'steps[1].inputs.image',
    });
    expect(report.errors[0]!.message).toContain(
      'expects image for "image" but "steps.extract.outputs.table" gives csv',
    );
  });

  it('checks literals against the input schema and enum', () => {
    const workflow = {
      name: 'w',
      steps: [
        {
          id: 'r',
          plugin: 'images',
          capability: 'resize',
          inputs: { image: 'a.png', width: 'wide' },
        },
        {
          id: 's',
          plugin: 'text-sentiment',
          capability: 'analyze-sentiment',
          inputs: { text: 'x', language: 'eng' },
        },
      ],
    };
    const report = validateWorkflow(workflow, fixtureCatalog);
    expect(report.errors.map((issue) => [issue.code, issue.path])).toEqual([
      ['INVALID_LITERAL', 'steps[0].inputs.width'],
      ['INVALID_LITERAL', 'steps[1].inputs.language'],
    ]);
    expect(report.errors[1]!.suggestion).toBe('en');
    const numeric = {
      name: 'w',
      steps: [
        {
          id: 'r',
          plugin: 'images',
          capability: 'resize',
          inputs: { image: 'a.png', width: '80' },
        },
      ],
    };
    expect(codes(numeric)).toEqual([]);
  });

  it("allows item only inside foreach, and types a foreach step's outputs as a list", () => {
    const workflow = {
      name: 'w',
      inputs: { files: { type: 'array', items: { type: 'string' } } },
      steps: [
        {
          id: 'each',
          plugin: 'csv-tools',
          capability: 'csv-stats',
          foreach: '${workflow.inputs.files}',
          inputs: { data: '${item}' },
        },
        {
          id: 'merge',
          plugin: 'report-builder',
          capability: 'build-report',
          depends_on: ['each'],
          inputs: { title: 'All', sections: '${steps.each.outputs.stats}' },
        },
      ],
    };
    const report = validateWorkflow(workflow, fixtureCatalog);
    expect(report.errors).toEqual([]);
    expect(report.edges.find((edge) => edge.toStep === 'merge')).toMatchObject({
      list: true,
      compatibility: 'exact',
    });
    const misplaced = {
      ...workflow,
      steps: [workflow.steps[0], { ...workflow.steps[1], inputs: { title: '${item}' } }],
    };
    expect(codes(misplaced)).toEqual(['ITEM_OUTSIDE_FOREACH']);
  });

  it('checks when-conditions and fallback steps', () => {
    const report = validateWorkflow(
      withStep(2, { when: '${steps.stats.outputs.stat} > 1 and', on_error: 'nowhere' }),
      fixtureCatalog,
    );
    expect(report.errors.map((issue) => issue.code)).toEqual([
      'EXPRESSION_SYNTAX',
      'UNKNOWN_FALLBACK_STEP',
    ]);
    const unknownOutput = validateWorkflow(
      withStep(2, { when: '${steps.stats.outputs.stat} > 1' }),
      fixtureCatalog,
    );
    expect(unknownOutput.errors[0]).toMatchObject({ code: 'UNKNOWN_OUTPUT', suggestion: 'stats' });
  });

  it('reports duplicate ids and unknown depends_on entries', () => {
    expect(codes(withStep(1, { id: 'extract' }))).toContain('DUPLICATE_STEP_ID');
    const report = validateWorkflow(withStep(1, { depends_on: ['extrac'] }), fixtureCatalog);
    expect(report.errors[0]).toMatchObject({ code: 'UNKNOWN_DEPENDENCY', suggestion: 'extract' });
  });

  it('rejects unknown expression roots, explaining the available ones', () => {
    const report = validateWorkflow(
      withStep(0, { inputs: { file: '${inputs.file}' } }),
      fixtureCatalog,
    );
    expect(report.errors[0]!.code).toBe('UNKNOWN_REFERENCE');
    expect(report.errors[0]!.message).toContain(
      'Workflow inputs are written workflow.inputs.<name>',
    );
  });

  it('uses step output aliases', () => {
    const aliased = {
      ...pipeline,
      steps: [
        { ...pipeline.steps[0], outputs: { data: 'table' } },
        { ...pipeline.steps[1], inputs: { data: '${steps.extract.outputs.data}' } },
        pipeline.steps[2],
      ],
    };
    expect(codes(aliased)).toEqual([]);
  });

  it('reports schema problems with suggestions for misspelt keys', () => {
    const report = validateWorkflow(withStep(1, { dependson: ['extract'] }), fixtureCatalog);
    expect(report.errors[0]).toMatchObject({ code: 'SCHEMA', path: 'steps[1].dependson' });
    expect(report.errors[0]!.message).toContain('Did you mean "depends_on"?');
    const missing = validateWorkflow(
      { name: 'x', steps: [{ id: 'a', plugin: 'p' }] },
      fixtureCatalog,
    );
    expect(missing.errors[0]).toMatchObject({
      path: 'steps[0].capability',
      message: '"capability" is required',
    });
  });
});

describe('workflow files', () => {
  const yaml = `name: feedback
inputs:
  file: { type: string, format: path, data_type: csv }
steps:
  - id: extract
    plugin: csv-tools
    capability: extract-data
    inputs:
      file: \${workflow.inputs.file}
  - name: stats
    plugin: csv-tools
    capability: csv-stats
    inputs:
      data: "\${steps.extract.outputs.tabel}"
`;

  it('gives line and column, inside the expression, for each problem', () => {
    const report = validateWorkflowText(yaml, fixtureCatalog, { filename: 'wf.yml' });
    expect(report.valid).toBe(false);
    const output = report.errors.find((issue) => issue.code === 'UNKNOWN_OUTPUT')!;
    expect([output.line, output.column]).toEqual([14, 16]);
    expect(formatIssue(output, 'wf.yml')).toMatch(
      /^wf\.yml:14:16: steps\[1\]\.inputs\.data: step "extract"/,
    );
    const depends = report.errors.find((issue) => issue.code === 'MISSING_DEPENDS_ON')!;
    expect(depends.line).toBe(14);
  });

  it('reads seed-style `name` as the step id', () => {
    const { workflow } = parseWorkflow(yaml);
    expect(workflow.steps[1]!.id).toBe('stats');
  });

  it('names the line of a YAML syntax error', () => {
    const broken = 'name: x\nsteps:\n  - id: a\n    inputs: { file: [1, 2 }\n';
    expect(() => parseWorkflow(broken, { filename: 'bad.yml' })).toThrow(WorkflowError);
    try {
      parseWorkflow(broken, { filename: 'bad.yml' });
    } catch (error) {
      const workflowError = error as WorkflowError;
      expect(workflowError.code).toBe('WORKFLOW_PARSE_ERROR');
      expect(workflowError.message).toMatch(/bad\.yml:4:\d+: /);
    }
  });

  it('names the line of a schema error', () => {
    const text =
      'name: x\nsteps:\n  - id: a\n    plugin: p\n    capability: c\n    retry: { max_attempts: 0 }\n';
    try {
      parseWorkflow(text, { filename: 'w.yml' });
      expect.unreachable();
    } catch (error) {
      const workflowError = error as WorkflowError;
      expect(workflowError.code).toBe('WORKFLOW_INVALID');
      expect(workflowError.issues[0]).toMatchObject({
        path: 'steps[0].retry.max_attempts',
        line: 6,
      });
    }
  });

  it('explains an input type that is a data type, not a JSON Schema type', () => {
    const text =
      'name: x\ninputs:\n  notes: { type: text }\nsteps:\n  - { id: a, plugin: p, capability: c }\n';
    const report = validateWorkflowText(text, fixtureCatalog, { filename: 'w.yml' });
    expect(report.errors[0]).toMatchObject({ path: 'inputs.notes.type', line: 3 });
    expect(report.errors[0]!.message).toContain(
      'type "text" is not a JSON Schema type (one of string, number, integer, boolean, object, array, null, or a list of them); "text" is a Mark-1 data type: write `data_type: text`',
    );
  });

  it('assertValidWorkflow throws with every error and returns the parsed workflow otherwise', () => {
    expect(assertValidWorkflow(pipeline, fixtureCatalog).steps[1]!.depends_on).toEqual(['extract']);
    expect(() => assertValidWorkflow(withStep(0, { plugin: 'nope' }), fixtureCatalog)).toThrow(
      /has 1 problem:\n {2}- steps\[0\]\.plugin: plugin "nope" is not installed/,
    );
  });
});
