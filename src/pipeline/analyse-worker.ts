import { createHash } from 'node:crypto';
import { workerData } from 'piscina';
import { createFsBlobStore, type FsBlobStoreOptions } from '../archive/fs-blob-store.js';
import type { Classification } from '../domain/classification.js';
import type { SmtpEnvelope } from '../domain/envelope.js';
import { createAttachmentExtractor } from '../extract/create-attachment-extractor.js';
import type { ExtractionLimits } from '../extract/extraction.js';
import { withFlags, type Analysis, type StoredOriginal } from './analysis.js';
import { createRuleEngineCache, type RuleEngineSettings } from './rule-engine-cache.js';
import type { RulesHandle } from './rules-handle.js';
import { createStoreStage } from './stages/archive/store-originals.js';
import { createAuthStage } from './stages/classify/auth-stage.js';
import { createClassifyStage } from './stages/classify/classify-stage.js';
import { createContentParseStage, createParseStage, type ParseLimits, type ParsedOriginal, type ParseOutcome } from './stages/parse/index.js';
import { notParsed } from './stages/parse/index.js';
import { createUnjournalStage } from './stages/unjournal/create-unjournal-stage.js';

/** Settings every task of a pool shares, given once when the threads start. */
export interface AnalyseWorkerData {
  limits: ParseLimits;
  archiveAddresses: string[];
  journalReportSources: string[];
  blobs: FsBlobStoreOptions;
  rules: RuleEngineSettings;
  extraction: ExtractionLimits & { messageBudgetMs: number };
}

/** One task: a received message. */
export interface AnalyseTask {
  raw: Uint8Array;
  envelope: SmtpEnvelope;
  /** `unjournal-only` is the fallback after a parse failed or timed out: originals are stored unparsed. */
  mode: 'full' | 'unjournal-only';
  /** Why parsing was skipped, for the flag (with `unjournal-only`). */
  skippedReason?: string;
  /** The rule set in force when the task was handed out. */
  rules: RulesHandle;
}

const settings = workerData as AnalyseWorkerData;
const unjournal = createUnjournalStage({ archiveAddresses: settings.archiveAddresses, journalReportSources: settings.journalReportSources });
const { messageBudgetMs, ...extractionLimits } = settings.extraction;
const parse = createContentParseStage(settings.limits, { keepAttachmentBytes: extractionLimits.maxInputBytes });
const parseForDisplay = createParseStage(settings.limits);
const classify = createClassifyStage({
  extractor: createAttachmentExtractor(extractionLimits),
  extractionBudgetMs: messageBudgetMs,
  maxAttachmentTextBytes: settings.limits.maxAttachmentTextBytes,
  authOf: createAuthStage(settings.rules),
});
const engines = createRuleEngineCache(settings.rules);
// The key crosses the thread boundary as a Uint8Array; the store wants a Buffer.
const key = settings.blobs.encryptionKey;
const store = createStoreStage({ blobs: createFsBlobStore({ ...settings.blobs, encryptionKey: key ? Buffer.from(key) : null }) });

/**
 * The worker-thread entry (piscina): unjournal, then parse, classify and store each original.
 * Everything that needs the message's bytes happens here; the main thread gets back only what
 * the index needs.
 */
export default async function analyseTask(task: AnalyseTask): Promise<Analysis> {
  const raw = asBuffer(task.raw);
  const engine = engines.engineFor(task.rules);
  const unwrapped = await unjournal(raw, task.envelope);
  const envelope = { sender: unwrapped.journal.sender, recipients: unwrapped.journal.recipients.map((r) => r.address) };
  const originals: StoredOriginal[] = [];
  for (const original of unwrapped.originals) {
    const parsed: ParseOutcome<ParsedOriginal> =
      task.mode === 'full' ? await parse(original.bytes) : { fields: notParsed({ flag: 'unparseable', reason: task.skippedReason ?? 'not parsed' }), content: null };
    const { fields, classification } = await classify(original.bytes, parsed, envelope, engine);
    const id = await store(original.bytes);
    originals.push({ role: original.role, document: withFlags({ id, size: original.bytes.length, ...fields, classification }, unwrapped.flags) });
  }
  return { receivedSha256: createHash('sha256').update(raw).digest('hex'), journal: unwrapped.journal, originals };
}

/**
 * The message view's parts (the API's `GET /messages/:id`), as the named piscina task `describe`:
 * an original of up to `maxParseBytes` is parsed here, never on the event loop.
 */
export async function describe(task: { raw: Uint8Array }): Promise<ParsedOriginal> {
  return parseForDisplay(asBuffer(task.raw));
}

/**
 * One message classified as an original, without unjournalling or storing: the named task
 * `classify`, for benchmarks and tools that measure the rules on a corpus.
 */
export async function classifyOnly(task: { raw: Uint8Array; envelope: { sender: string | null; recipients: string[] }; rules: RulesHandle }): Promise<Classification> {
  const raw = asBuffer(task.raw);
  const { classification } = await classify(raw, await parse(raw), task.envelope, engines.engineFor(task.rules));
  return classification;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
