import { createHash } from 'node:crypto';
import type { SmtpEnvelope } from '../domain/envelope.js';
import type { Analysis } from './analysis.js';
import { withFlags } from './analysis.js';
import { createParseStage, type ParseLimits } from './stages/parse/index.js';
import { createUnjournalStage } from './stages/unjournal/create-unjournal-stage.js';

/** One task for a worker thread: a received message and the settings its stages need. */
export interface AnalyseTask {
  raw: Uint8Array;
  envelope: SmtpEnvelope;
  limits: ParseLimits;
  archiveAddresses: string[];
  /** `unjournal-only` is the fallback after a parse timed out: originals are archived unparsed. */
  mode: 'full' | 'unjournal-only';
  /** Why parsing was skipped, for the flag (with `unjournal-only`). */
  skippedReason?: string;
}

const stages = new Map<string, { unjournal: ReturnType<typeof createUnjournalStage>; parse: ReturnType<typeof createParseStage> }>();

function stagesFor(task: AnalyseTask) {
  const key = JSON.stringify([task.limits, task.archiveAddresses]);
  let found = stages.get(key);
  if (!found) {
    found = { unjournal: createUnjournalStage({ archiveAddresses: task.archiveAddresses }), parse: createParseStage(task.limits) };
    stages.set(key, found);
  }
  return found;
}

/**
 * The worker-thread entry (piscina): unjournal, then parse each original. Pure CPU work on the
 * bytes it is given; the main thread does all storage.
 */
export default async function analyseTask(task: AnalyseTask): Promise<Analysis> {
  const raw = Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength);
  const { unjournal, parse } = stagesFor(task);
  const unwrapped = await unjournal(raw, task.envelope);
  const originals = [];
  for (const original of unwrapped.originals) {
    const parsed = task.mode === 'full'
      ? await parse(original.bytes)
      : { messageId: null, subject: null, sentAt: null, addresses: [], bodyText: '', attachments: [], flags: [{ flag: 'unparseable' as const, reason: task.skippedReason ?? 'not parsed' }] };
    originals.push({
      role: original.role,
      bytes: original.bytes,
      document: withFlags({ id: createHash('sha256').update(original.bytes).digest('hex'), size: original.bytes.length, ...parsed }, unwrapped.flags),
    });
  }
  return { journal: unwrapped.journal, originals };
}
