import { Piscina } from 'piscina';
import { UNNAMED } from './extract-files.js';
import type { ExtractTask } from './extract-worker.js';
import type { AttachmentExtractor, ExtractedFile, ExtractionInput, ExtractionLimits } from './extraction.js';
import { sniffType } from './sniff-type.js';
import { TaskSlots } from '../concurrency/task-slots.js';
import { WORKER_EXEC_ARGV } from '../concurrency/worker-exec-argv.js';

/** An extraction thread idle this long is ended; the next attachment starts another. */
const IDLE_THREAD_MS = 60_000;

/** How the extractor runs; limits are separate (`ExtractionLimits`). */
export interface AttachmentExtractorOptions {
  /** Worker threads extracting at once. Default 1: extraction runs inside the analyse workers, which already use every core. */
  threads?: number;
  /**
   * Old-generation heap per extraction thread, in MiB. A file that needs more ends its thread
   * (piscina replaces it) and is reported `failed`, instead of taking the process down.
   * Default 512.
   */
  maxHeapMb?: number;
}

/**
 * An attachment extractor running `extractFiles` in its own worker threads (piscina), so that a
 * zip bomb or a pathological PDF cannot stall the caller: an attachment still being read after
 * `limits.timeoutMs` has its thread terminated and replaced, and is reported `timed-out`.
 *
 * Works on the main thread and inside another worker thread (the pipeline's analyse workers
 * create one each). `close()` ends the threads; call it before the creating thread exits.
 */
export function createAttachmentExtractor(limits: ExtractionLimits, options: AttachmentExtractorOptions = {}): AttachmentExtractor {
  const threads = options.threads ?? 1;
  const pool = new Piscina<ExtractTask, ExtractedFile[]>({
    filename: new URL('./extract-worker.js', import.meta.url).href,
    // Started on the first attachment, not with the analyse thread that owns the pool: most mail
    // has nothing to extract, and a thread torn down while still loading its modules (the
    // appliance stopping right after start) can abort the whole process in Node 20's
    // require(esm) path, which piscina uses to load its worker file.
    minThreads: 0,
    maxThreads: threads,
    execArgv: [...WORKER_EXEC_ARGV],
    idleTimeout: IDLE_THREAD_MS,
    resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 512 },
  });
  const slots = new TaskSlots(threads);
  const task = { limits: { ...limits } };

  const extract = async (input: ExtractionInput): Promise<ExtractedFile[]> => {
    try {
      return await slots.use(() => pool.run({ ...task, input }, { signal: AbortSignal.timeout(limits.timeoutMs) }));
    } catch (error) {
      const ended = endedThread(error, limits.timeoutMs);
      if (ended === null) throw error;
      const detected = await sniffType(input.bytes, input.declaredType, input.filename).catch(() => null);
      return [{ name: input.filename ?? UNNAMED, detectedType: detected?.mime ?? null, text: null, size: input.bytes.byteLength, ...ended }];
    }
  };
  return { extract, close: () => pool.destroy() };
}

/**
 * The record for a task whose thread was ended: by the timeout, or by running out of heap. Null
 * for anything else — the pool itself failing is an infrastructure fault for the caller to retry,
 * never an attachment silently passed as read.
 */
function endedThread(error: unknown, timeoutMs: number): Pick<ExtractedFile, 'status' | 'reason'> | null {
  if (!(error instanceof Error)) return null;
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return { status: 'timed-out', reason: `extraction took longer than timeoutMs (${timeoutMs} ms)` };
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') return { status: 'failed', reason: 'extraction ran out of memory' };
  return null;
}
