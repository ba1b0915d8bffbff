import { createHash } from 'node:crypto';
import { workerData } from 'piscina';
import { createFsBlobStore, type FsBlobStoreOptions } from '../archive/fs-blob-store.js';
import type { SmtpEnvelope } from '../domain/envelope.js';
import { withFlags, type Analysis, type StoredOriginal } from './analysis.js';
import { createStoreStage } from './stages/archive/store-originals.js';
import { createParseStage, notParsed, type ParseLimits, type ParsedOriginal } from './stages/parse/index.js';
import { createUnjournalStage } from './stages/unjournal/create-unjournal-stage.js';

/** Settings every task of a pool shares, given once when the threads start. */
export interface AnalyseWorkerData {
  limits: ParseLimits;
  archiveAddresses: string[];
  journalReportSources: string[];
  blobs: FsBlobStoreOptions;
}

/** One task: a received message. */
export interface AnalyseTask {
  raw: Uint8Array;
  envelope: SmtpEnvelope;
  /** `unjournal-only` is the fallback after a parse failed or timed out: originals are stored unparsed. */
  mode: 'full' | 'unjournal-only';
  /** Why parsing was skipped, for the flag (with `unjournal-only`). */
  skippedReason?: string;
}

const settings = workerData as AnalyseWorkerData;
const unjournal = createUnjournalStage({ archiveAddresses: settings.archiveAddresses, journalReportSources: settings.journalReportSources });
const parse = createParseStage(settings.limits);
// The key crosses the thread boundary as a Uint8Array; the store wants a Buffer.
const key = settings.blobs.encryptionKey;
const store = createStoreStage({ blobs: createFsBlobStore({ ...settings.blobs, encryptionKey: key ? Buffer.from(key) : null }) });

/**
 * The worker-thread entry (piscina): unjournal, then parse and store each original. Everything
 * that needs the message's bytes happens here; the main thread gets back only what the index
 * needs.
 */
export default async function analyseTask(task: AnalyseTask): Promise<Analysis> {
  const raw = Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength);
  const unwrapped = await unjournal(raw, task.envelope);
  const originals: StoredOriginal[] = [];
  for (const original of unwrapped.originals) {
    const parsed = task.mode === 'full' ? await parse(original.bytes) : notParsed({ flag: 'unparseable', reason: task.skippedReason ?? 'not parsed' });
    const id = await store(original.bytes);
    originals.push({ role: original.role, document: withFlags({ id, size: original.bytes.length, ...parsed }, unwrapped.flags) });
  }
  return { receivedSha256: createHash('sha256').update(raw).digest('hex'), journal: unwrapped.journal, originals };
}

/**
 * The message view's parts (the API's `GET /messages/:id`), as the named piscina task `describe`:
 * an original of up to `maxParseBytes` is parsed here, never on the event loop.
 */
export async function describe(task: { raw: Uint8Array }): Promise<ParsedOriginal> {
  return parse(Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength));
}
