import { extractFiles } from './extract-files.js';
import type { ExtractedFile, ExtractionInput, ExtractionLimits } from './extraction.js';

/** One task for the extraction pool. */
export interface ExtractTask {
  input: ExtractionInput;
  limits: ExtractionLimits;
}

/**
 * The worker-thread entry (piscina). No signal is needed here: a task past its time is ended by
 * piscina terminating this thread, which stops even a loop that never yields.
 */
export default function extractTask(task: ExtractTask): Promise<ExtractedFile[]> {
  return extractFiles(task.input, task.limits);
}
