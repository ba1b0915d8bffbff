import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { configSchema } from '../../src/config/schema.js';
import { createAnalysePool } from '../../src/pipeline/analyse-pool.js';
import { loadActiveRules } from '../../src/rules/active-rules.js';
import type { Cleanup } from '../support/run-bench.js';
import { benchTempDir } from '../support/temp-dir.js';
import type { Contender } from './contender.js';

/** The shipped rule packs in the source tree (this file runs from dist/bench/rules/). */
const SHIPPED_RULES = fileURLToPath(new URL('../../../rules/', import.meta.url));
/** The corpus has no envelope; the peers get none either. */
const NO_ENVELOPE = { sender: null, recipients: [] };

/**
 * Custodian's classifier as the pipeline runs it: the analyse pool's `classify` (parse,
 * attachment text extraction, the shipped spam pack and every shipped DLP pack) in its worker
 * threads, with the shipped defaults except DKIM verification, which is off because it needs DNS
 * and the peers run without network too.
 */
export async function startCustodian(cleanup: Cleanup): Promise<Contender> {
  const dataDir = benchTempDir(cleanup, 'custodian');
  const config = configSchema.parse({ dataDir, rules: { dkim: { verify: false } } });
  const logger = pino({ level: 'warn' });
  const rules = await loadActiveRules({ settings: config.rules, shippedRoot: SHIPPED_RULES, logger });
  const { ruleSet } = rules.current();
  const pool = createAnalysePool({
    pipeline: config.pipeline,
    archiveAddresses: config.smtp.archiveAddresses,
    journalReportSources: config.smtp.journalReportSources,
    blobStore: { root: join(dataDir, 'blobs'), compression: config.archive.compression, encryptionKey: null },
    rules: config.rules,
    bayesModel: null,
    extraction: config.extraction,
    currentRules: () => rules.current().handle,
    logger,
  });
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= pool.close());
  cleanup.add('close the analyse pool', close);
  // Enough in flight that no worker thread waits for the next message between two.
  const concurrency = config.pipeline.workerThreads * 2;
  const packs = [...new Set(ruleSet.rules.map((rule) => `${rule.kind}/${rule.pack}`))].sort();
  return {
    name: 'custodian',
    concurrency,
    setup:
      `Custodian analyse pool \`classify\` (parse + attachment extraction + ${ruleSet.rules.length} shipped rules in ${packs.join(', ')}), ` +
      `${config.pipeline.workerThreads} worker threads, DKIM verification off (no DNS), Bayes off (the default); ` +
      `${concurrency} in flight; spam = verdict spam (score >= ${config.rules.spamThreshold})`,
    check: async (raw) => {
      const classification = await pool.classify(raw, NO_ENVELOPE);
      if (classification.status === 'error') throw new Error(classification.error ?? 'classification failed');
      return { spam: classification.spam.verdict === 'spam' };
    },
    stop: close,
  };
}
