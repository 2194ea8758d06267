// Worker thread entry: analyzes batches of files sent by the worker pool.
import { parentPort } from 'node:worker_threads';
import { type AnalyzeTask, runAnalyzeTask } from './analyze-file-task';

parentPort?.on('message', (batch: { tasks: AnalyzeTask[] }) => {
  const results = batch.tasks.map(runAnalyzeTask);
  parentPort!.postMessage({ results });
});
