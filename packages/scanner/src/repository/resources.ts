import type { DependencyFact, Evidence, ResourceHints } from '../profile/repository-profile';

const HEAVY = new Set([
  'torch',
  'torchvision',
  'torchaudio',
  'tensorflow',
  'tensorflow-gpu',
  'tensorflow-cpu',
  'jax',
  'jaxlib',
  'transformers',
  'sentence-transformers',
  'diffusers',
  'accelerate',
  'spacy',
  'opencv-python',
  'opencv-python-headless',
  'opencv-contrib-python',
  'scipy',
  'scikit-learn',
  'xgboost',
  'lightgbm',
  'catboost',
  'pyspark',
  'vllm',
  'llama-cpp-python',
  'onnxruntime',
  'onnxruntime-gpu',
  'paddlepaddle',
  'mxnet',
  'faiss-cpu',
  'faiss-gpu',
  'bitsandbytes',
  'flash-attn',
  'xformers',
  'ray',
  'dask',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
  'puppeteer',
  'playwright',
  'electron',
  'onnxruntime-node',
  '@xenova/transformers',
  '@huggingface/transformers',
]);
const GPU_ONLY =
  /^(tensorflow-gpu|cupy(-cuda\w*)?|nvidia-[\w-]+|vllm|flash-attn|xformers|faiss-gpu|onnxruntime-gpu|@tensorflow\/tfjs-node-gpu|bitsandbytes)$/;

/**
 * What the code needs beyond its packages: a GPU (required when a GPU-only package is declared or
 * CUDA is used without an `is_available()` check), heavy dependencies, and long-running processes.
 */
export function aggregateResources(
  files: readonly {
    file: string;
    gpu: readonly { line: number; detail: string }[];
    longRunning: readonly { line: number; detail: string }[];
  }[],
  dependencies: readonly DependencyFact[],
): ResourceHints {
  const gpuEvidence: Evidence[] = [];
  const longRunning: Evidence[] = [];
  for (const { file, gpu, longRunning: running } of files) {
    gpuEvidence.push(...gpu.map((entry) => ({ file, line: entry.line, detail: entry.detail })));
    longRunning.push(...running.map((entry) => ({ file, line: entry.line, detail: entry.detail })));
  }
  const runtime = dependencies.filter((dependency) => dependency.scope !== 'dev');
  const gpuOnly = runtime.filter((dependency) => GPU_ONLY.test(dependency.name));
  gpuEvidence.push(
    ...gpuOnly.map((dependency) => ({
      file: dependency.source,
      detail: `GPU-only dependency ${dependency.name}`,
    })),
  );
  const checked = gpuEvidence.some((evidence) =>
    /is_available|device_count|list_physical_devices/.test(evidence.detail),
  );
  const codeUsesCuda = gpuEvidence.some((evidence) => /\.cuda\(|['"]cuda/.test(evidence.detail));
  const heavy = [
    ...new Set(
      runtime
        .filter((dependency) => HEAVY.has(dependency.name))
        .map((dependency) => dependency.name),
    ),
  ].sort();
  return {
    gpu: { required: gpuOnly.length > 0 || (codeUsesCuda && !checked), evidence: gpuEvidence },
    heavyDependencies: heavy,
    longRunning,
  };
}
