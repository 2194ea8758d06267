import type { ResourceFileFacts, ServerFact } from '../../profile/file-facts';
import type { SourceModel } from '../../languages/source-model';

const GPU_MODULES =
  /^(torch|tensorflow|jax|cupy|numba|@tensorflow\/tfjs-node-gpu|onnxruntime|vllm|bitsandbytes|accelerate)(\.|\/|$)/;
const GPU_TEXT =
  /\bcuda\b|['"](GPU|gpu|mps)['"]|device_map\s*=|\.to\(\s*['"]cuda|torch\.backends\.mps/g;
const SCHEDULERS =
  /^(schedule\.every|apscheduler\.schedulers\.\w+\.\w+Scheduler|socketserver\.\w+\(\)\.serve_forever|http\.server\.\w+\(\)\.serve_forever)/;
const MAX_EVIDENCE = 5;

/** GPU use (CUDA devices next to a GPU framework import) and code that keeps running (servers, schedulers, serve_forever). */
export function extractResourceHints(
  model: SourceModel,
  servers: readonly ServerFact[],
): ResourceFileFacts {
  const gpu: ResourceFileFacts['gpu'] = [];
  if (model.imports.some((fact) => GPU_MODULES.test(fact.module))) {
    for (const match of model.source.matchAll(GPU_TEXT)) {
      if (gpu.length >= MAX_EVIDENCE) break;
      const line = model.source.slice(0, match.index).split('\n').length;
      if (gpu.some((entry) => entry.line === line)) continue;
      const text = model.source.split('\n', line)[line - 1]?.trim() ?? match[0];
      if (/^(#|\/\/)/.test(text)) continue;
      gpu.push({ line, detail: text.slice(0, 120) });
    }
  }
  const longRunning: ResourceFileFacts['longRunning'] = servers.map((server) => ({
    line: server.line,
    detail: `${server.framework} server${server.port !== undefined ? ` on port ${server.port}` : ''}`,
  }));
  for (const site of model.calls) {
    if (SCHEDULERS.test(site.callee)) longRunning.push({ line: site.line, detail: site.callee });
  }
  return { gpu, longRunning };
}
