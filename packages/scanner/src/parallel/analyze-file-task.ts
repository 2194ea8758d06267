import { decodeText } from '../files/decode-text';
import { analyzeSource } from '../extractors/analyze-source';
import type { FileFacts, ParsedLanguage } from '../profile/file-facts';

/** One file to analyze: its bytes and language. */
export interface AnalyzeTask {
  index: number;
  language: ParsedLanguage;
  bytes: Uint8Array;
}

/** The outcome of one {@link AnalyzeTask}. */
export type AnalyzeResult =
  | { index: number; ok: true; facts: FileFacts; encoding: string; lossy: boolean }
  | { index: number; ok: false; binary: boolean; message: string };

/** Decodes and analyzes one file; never throws (a failure is a result). */
export function runAnalyzeTask(task: AnalyzeTask): AnalyzeResult {
  try {
    const decoded = decodeText(task.bytes);
    if (!decoded)
      return { index: task.index, ok: false, binary: true, message: 'the file is binary' };
    const facts = analyzeSource(decoded.text, task.language);
    return { index: task.index, ok: true, facts, encoding: decoded.encoding, lossy: decoded.lossy };
  } catch (error) {
    return {
      index: task.index,
      ok: false,
      binary: false,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
