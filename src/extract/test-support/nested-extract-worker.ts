import { parentPort, workerData } from 'node:worker_threads';
import { createAttachmentExtractor } from '../create-attachment-extractor.js';
import type { ExtractionInput, ExtractionLimits } from '../extraction.js';

/**
 * A worker thread that creates its own extractor, as each pipeline analyse worker does, and posts
 * back what it extracted: proves the extractor's threads start from inside another thread.
 */
const { input, limits } = workerData as { input: ExtractionInput; limits: ExtractionLimits };
const extractor = createAttachmentExtractor(limits);
try {
  parentPort?.postMessage(await extractor.extract(input));
} finally {
  await extractor.close();
}
