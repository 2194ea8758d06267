import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serveRunEvents } from '../events/serve-run-events';
import { AcceptedSchema, IdempotencyHeadersSchema, IdParamsSchema } from '../schemas/common';
import { withProblems } from '../schemas/responses';
import { ListRunsQuerySchema, RunDetailsSchema, RunSchema } from '../schemas/runs';
import type { ServiceAccess } from '../server/services';
import type { ServerState } from '../server/server-state';

/** The SSE response, for the document (the stream is written by hand). */
export const EventStreamResponse = {
  description:
    'text/event-stream: `id` is the event sequence number (send it back as `Last-Event-ID` to resume), `event` the type (run.started, step.started, step.progress, step.log, step.finished, run.finished), `data` the event as JSON; a final `end` event carries the run state.',
  content: { 'text/event-stream': { schema: z.string() } },
};

/** Header and query of an event stream request. */
export const EventStreamHeadersSchema = z.object({
  'last-event-id': z
    .string()
    .optional()
    .describe('The id of the last event received: the stream goes on after it.'),
});

/** `GET /runs`, `GET /runs/{id}`, `POST /runs/{id}/cancel|resume`, `GET /runs/{id}/events`. */
export function runRoutes(services: ServiceAccess, state: ServerState): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/runs',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['workflows'],
          summary: 'Runs, newest first',
          querystring: ListRunsQuerySchema,
          response: withProblems({ 200: z.array(RunSchema) }),
        },
      },
      async (request) => services().storage.runs.list(request.query),
    );

    app.get(
      '/runs/:id',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['workflows'],
          summary: 'A run and its step runs',
          params: IdParamsSchema,
          response: withProblems({ 200: RunDetailsSchema }),
        },
      },
      async (request) => {
        request.log = request.log.child({ runId: request.params.id });
        return services().runs.status(request.params.id);
      },
    );

    app.post(
      '/runs/:id/cancel',
      {
        config: { access: 'operator', audit: 'run.cancel' },
        schema: {
          tags: ['workflows'],
          summary: 'Cancel a run: its running steps are stopped',
          params: IdParamsSchema,
          headers: IdempotencyHeadersSchema,
          response: withProblems({ 200: RunSchema }),
        },
      },
      async (request) => {
        request.log = request.log.child({ runId: request.params.id });
        return services().runs.cancel(request.params.id);
      },
    );

    app.post(
      '/runs/:id/resume',
      {
        config: { access: 'operator', audit: 'run.resume' },
        schema: {
          tags: ['workflows'],
          summary: 'Continue an interrupted run from its last completed steps',
          description:
            'Steps that succeeded keep their outputs and do not run again. Answers 202 at once.',
          params: IdParamsSchema,
          headers: IdempotencyHeadersSchema,
          response: withProblems({ 202: AcceptedSchema }),
        },
      },
      async (request, reply) => {
        request.log = request.log.child({ runId: request.params.id });
        const { runId } = await services().runs.resume(request.params.id);
        const location = `/api/v1/runs/${runId}`;
        return reply
          .code(202)
          .header('location', location)
          .send({ id: runId, location, state: 'running' });
      },
    );

    app.get(
      '/runs/:id/events',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['workflows'],
          summary: 'Live progress of a run (Server-Sent Events)',
          description:
            'Replays the stored events, then follows the run until it ends. Reconnect with `Last-Event-ID` to continue exactly where the stream stopped.',
          params: IdParamsSchema,
          headers: EventStreamHeadersSchema,
          querystring: z.object({
            lastEventId: z.string().optional().describe('Same as the Last-Event-ID header.'),
          }),
          response: withProblems({ 200: EventStreamResponse }),
        },
      },
      async (request, reply) => {
        request.log = request.log.child({ runId: request.params.id });
        const current = services();
        await current.runs.status(request.params.id);
        await serveRunEvents(request, reply, {
          storage: current.storage,
          notifier: current.notifier,
          stopping: state.stopping,
          runId: request.params.id,
        });
      },
    );
  };
}
