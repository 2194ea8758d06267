import type { OrchestrationRecord } from '@mark1/storage';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorCodes, apiError } from '../errors/api-error-codes';
import { serveRunEvents } from '../events/serve-run-events';
import { orchestrate } from '../orchestrations/orchestrate';
import { IdempotencyHeadersSchema, IdParamsSchema } from '../schemas/common';
import {
  ListOrchestrationsQuerySchema,
  OrchestrateRequestSchema,
  OrchestrationDetailsSchema,
  OrchestrationSchema,
} from '../schemas/orchestrations';
import { withProblems } from '../schemas/responses';
import type { ServiceAccess } from '../server/services';
import type { ServerState } from '../server/server-state';
import { EventStreamHeadersSchema, EventStreamResponse } from './runs';

const BASE = '/api/v1/orchestrations';

function view(record: OrchestrationRecord) {
  return { ...record, eventsUrl: `${BASE}/${record.id}/events` };
}

/** `POST /orchestrate`, `GET /orchestrations`, `GET /orchestrations/{id}`, `GET /orchestrations/{id}/events`. */
export function orchestrationRoutes(
  services: ServiceAccess,
  state: ServerState,
): FastifyPluginAsyncZod {
  const find = async (id: string) => {
    const record = await services().storage.orchestrations.get(id);
    if (!record)
      throw apiError(
        ApiErrorCodes.ORCHESTRATION_NOT_FOUND,
        `No orchestration has the id ${id}; GET ${BASE} lists them.`,
      );
    return record;
  };

  return async (app) => {
    app.post(
      '/orchestrate',
      {
        config: { access: 'operator', audit: 'orchestrate' },
        schema: {
          tags: ['orchestrate'],
          summary: 'Plan a request in plain words, and run the plan',
          description:
            'Plans against the installed capabilities and records the orchestration. `mode: plan` answers 201 with the plan; `mode: run` starts a run of it and answers 202 with its `Location` (follow `eventsUrl`). A plan that cannot run answers 422 PLAN_NOT_RUNNABLE, and the orchestration is kept.',
          headers: IdempotencyHeadersSchema,
          body: OrchestrateRequestSchema,
          response: withProblems({ 201: OrchestrationSchema, 202: OrchestrationSchema }),
        },
      },
      async (request, reply) => {
        const record = await orchestrate(services(), {
          ...request.body,
          actor: request.principal?.actor ?? 'api:unknown',
        });
        if (record.runId) request.log = request.log.child({ runId: record.runId });
        return reply
          .code(record.mode === 'run' ? 202 : 201)
          .header('location', `${BASE}/${record.id}`)
          .send(view(record));
      },
    );

    app.get(
      '/orchestrations',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['orchestrate'],
          summary: 'Orchestrations, newest first, with their run state',
          querystring: ListOrchestrationsQuerySchema,
          response: withProblems({ 200: z.array(OrchestrationSchema) }),
        },
      },
      async (request) =>
        (
          await services().storage.orchestrations.list({
            limit: request.query.limit,
            ...(request.query.state ? { runState: request.query.state } : {}),
          })
        ).map(view),
    );

    app.get(
      '/orchestrations/:id',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['orchestrate'],
          summary: 'One orchestration with its plan, planned workflow and run state',
          params: IdParamsSchema,
          response: withProblems({ 200: OrchestrationDetailsSchema }),
        },
      },
      async (request) => {
        const record = await find(request.params.id);
        const workflow = record.workflowId
          ? await services().storage.workflows.get(record.workflowId)
          : undefined;
        return { ...view(record), workflow: workflow?.definition ?? null };
      },
    );

    app.get(
      '/orchestrations/:id/events',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['orchestrate'],
          summary: 'Live progress of an orchestration (Server-Sent Events)',
          description:
            'First an `orchestration.planned` event (id 0) with the plan, then the events of its run exactly as `GET /runs/{id}/events` sends them; reconnect with `Last-Event-ID`.',
          params: IdParamsSchema,
          headers: EventStreamHeadersSchema,
          querystring: z.object({ lastEventId: z.string().optional() }),
          response: withProblems({ 200: EventStreamResponse }),
        },
      },
      async (request, reply) => {
        const record = await find(request.params.id);
        if (record.runId) request.log = request.log.child({ runId: record.runId });
        const current = services();
        await serveRunEvents(request, reply, {
          storage: current.storage,
          notifier: current.notifier,
          stopping: state.stopping,
          runId: record.runId ?? undefined,
          prelude: {
            event: 'orchestration.planned',
            data: {
              type: 'orchestration.planned',
              orchestrationId: record.id,
              request: record.request,
              planStatus: record.planStatus,
              runId: record.runId,
              plan: record.plan,
            },
          },
        });
      },
    );
  };
}
