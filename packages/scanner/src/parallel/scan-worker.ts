// Worker thread entry: analyzes batches of files sent by the worker pool.
import { parentPort } from 'node:worker_threads';
import { type AnalyzeTask, runAnalyzeTask } from './analyze-file-task';

parentPort?.on('message', (batch: { id: number; tasks: AnalyzeTask[] }) => {
  const results = batch.tasks.map(runAnalyzeTask);
  parentPort!.postMessage({ id: batch.id, results });
});
