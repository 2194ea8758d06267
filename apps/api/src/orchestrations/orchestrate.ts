import { plan, planReadiness, type PlanOptions, summarizePlan } from '@mark1/planner';
import type { OrchestrationRecord } from '@mark1/storage';
import { ApiErrorCodes, apiError } from '../errors/api-error-codes';
import { confineWorkflowPaths } from '../security/confine-inputs';
import type { ApiServices } from '../server/services';

/** What `POST /orchestrate` asks. */
export interface OrchestrateRequest {
  /** The request in plain words. */
  readonly request: string;
  /** `plan`: plan only; `run`: plan, then run the plan when it can run. */
  readonly mode: 'plan' | 'run';
  /** Values for the planned workflow's inputs the planner could not fill from the request. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Which planner: `auto` uses the LLM when configured, else the deterministic planner. */
  readonly planner: 'auto' | 'deterministic' | 'llm';
  readonly workflowName?: string;
  /** Who asks, for the record. */
  readonly actor: string;
}

function plannerOptions(services: ApiServices, request: OrchestrateRequest): PlanOptions {
  const { ollama } = services.config;
  return {
    mode: request.planner,
    ...(request.workflowName ? { workflowName: request.workflowName } : {}),
    ...(ollama.baseUrl
      ? { ollamaUrl: ollama.baseUrl, model: ollama.model, timeoutMs: ollama.timeout * 1000 }
      : {}),
  };
}

/**
 * Plans a request against the installed capabilities, saves the planned workflow (with the
 * request text) and records the orchestration; with `mode: run`, starts a run of the plan and
 * links it. A plan that cannot run (invalid, empty, inputs missing) is still recorded, and the
 * call throws `PLAN_NOT_RUNNABLE` naming the orchestration and why.
 */
export async function orchestrate(
  services: ApiServices,
  request: OrchestrateRequest,
): Promise<OrchestrationRecord> {
  const { storage, registry, runs } = services;
  const catalog = await registry.catalog();
  const result = await plan(request.request, catalog, plannerOptions(services, request));
  const workflow = result.workflow;
  const saved = workflow
    ? await storage.workflows.create({
        name: workflow.name,
        description: workflow.description ?? result.explanation.summary,
        request: request.request,
        definition: JSON.parse(JSON.stringify(workflow)) as Record<string, unknown>,
      })
    : undefined;
  let orchestration = await storage.orchestrations.create({
    request: request.request,
    mode: request.mode,
    planStatus: result.status,
    workflowId: saved?.id ?? null,
    plan: { ...summarizePlan(result) },
    createdBy: request.actor,
  });
  if (request.mode === 'plan') return orchestration;

  const readiness = planReadiness(result, request.inputs);
  if (!workflow || !readiness.runnable) {
    const why =
      readiness.missingInputs.length > 0
        ? `${readiness.reason} (send them in "inputs")`
        : readiness.reason;
    throw apiError(
      ApiErrorCodes.PLAN_NOT_RUNNABLE,
      `Orchestration ${orchestration.id} was planned but cannot run: ${why}. GET /api/v1/orchestrations/${orchestration.id} shows the plan.`,
      {
        details: {
          orchestrationId: orchestration.id,
          planStatus: result.status,
          missingInputs: readiness.missingInputs,
          unresolved: result.unresolved.map((item) => item.text),
        },
      },
    );
  }
  const inputs = confineWorkflowPaths(services.paths, catalog, workflow, request.inputs);
  const { runId } = await runs.start({ workflow, inputs, workflowId: saved!.id });
  orchestration = await storage.orchestrations.attachRun(orchestration.id, runId);
  return orchestration;
}
