import { parseWorkflow, validateWorkflow, validateWorkflowText, type Workflow } from '@mark1/sdk';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AcceptedSchema, IdempotencyHeadersSchema } from '../schemas/common';
import { withProblems } from '../schemas/responses';
import {
  RunWorkflowRequestSchema,
  ValidateWorkflowRequestSchema,
  ValidationReportSchema,
} from '../schemas/runs';
import { confineWorkflowPaths } from '../security/confine-inputs';
import type { ServiceAccess } from '../server/services';

/** `POST /workflows/validate` and `POST /workflows/run`. */
export function workflowRoutes(services: ServiceAccess): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/workflows/validate',
      {
        config: { access: 'viewer', audit: false },
        schema: {
          tags: ['workflows'],
          summary: 'Check a workflow against the installed plugins, without running it',
          description:
            'Always answers 200 with the report: unknown plugins and capabilities, unbound inputs, type mismatches, cycles, bad expressions (with line and column for YAML).',
          headers: IdempotencyHeadersSchema,
          body: ValidateWorkflowRequestSchema,
          response: withProblems({ 200: ValidationReportSchema }),
        },
      },
      async (request) => {
        const catalog = await services().registry.catalog();
        if (request.body.yaml === undefined)
          return validateWorkflow(request.body.workflow, catalog);
        const { workflow: _workflow, ...report } = validateWorkflowText(
          request.body.yaml,
          catalog,
          { filename: 'workflow.yml' },
        );
        return report;
      },
    );

    app.post(
      '/workflows/run',
      {
        config: { access: 'operator', audit: 'workflow.run' },
        schema: {
          tags: ['workflows'],
          summary: 'Start a run of a workflow',
          description:
            'Validates the workflow and its inputs, records the run and starts it; answers 202 at once with the run id and its `Location`. Follow it at `GET /runs/{id}/events` (Server-Sent Events). Input values are data: `${...}` inside them is never evaluated. Path inputs must lie under an allowed folder.',
          headers: IdempotencyHeadersSchema,
          body: RunWorkflowRequestSchema,
          response: withProblems({ 202: AcceptedSchema }),
        },
      },
      async (request, reply) => {
        const current = services();
        const workflow: Workflow =
          request.body.yaml !== undefined
            ? parseWorkflow(request.body.yaml, { filename: 'workflow.yml' }).workflow
            : request.body.workflow!;
        const inputs = confineWorkflowPaths(
          current.paths,
          await current.registry.catalog(),
          workflow,
          request.body.inputs,
        );
        const { runId } = await current.runs.start({ workflow, inputs });
        request.log = request.log.child({ runId });
        const location = `/api/v1/runs/${runId}`;
        return reply
          .code(202)
          .header('location', location)
          .send({ id: runId, location, state: 'running' });
      },
    );
  };
}
