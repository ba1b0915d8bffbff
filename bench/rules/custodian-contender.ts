import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { configSchema } from '../../src/config/schema.js';
import { createAnalysePool } from '../../src/pipeline/analyse-pool.js';
import { loadActiveRules } from '../../src/rules/active-rules.js';
import { loadBayesModel } from '../../src/rules/bayes/index.js';
import { BAYES_PACK_DIR } from '../spam/bayes-pack.js';
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
 *
 * With `bayesModelFile` (the `custodian+bayes` row) the optional Bayes classifier is on as well:
 * the model is loaded with `loadBayesModel` and handed to the pool, and the Bayes rule pack
 * (bench/spam/bayes-pack) is loaded as the site directory, so its `bayes:` rules can fire.
 */
export async function startCustodian(cleanup: Cleanup, bayesModelFile: string | null = null): Promise<Contender> {
  const name = bayesModelFile === null ? 'custodian' : 'custodian+bayes';
  const dataDir = benchTempDir(cleanup, name.replace('+', '-'));
  const bayes = bayesModelFile === null ? null : { file: bayesModelFile, model: await loadBayesModel(bayesModelFile) };
  const config = configSchema.parse({ dataDir, rules: { dkim: { verify: false }, ...(bayesModelFile !== null && { siteDirectory: BAYES_PACK_DIR }) } });
  const logger = pino({ level: 'warn' });
  const rules = await loadActiveRules({ settings: config.rules, shippedRoot: SHIPPED_RULES, logger });
  const { ruleSet } = rules.current();
  const pool = createAnalysePool({
    pipeline: config.pipeline,
    archiveAddresses: config.smtp.archiveAddresses,
    journalReportSources: config.smtp.journalReportSources,
    blobStore: { root: join(dataDir, 'blobs'), compression: config.archive.compression, encryptionKey: null },
    rules: config.rules,
    bayesModel: bayes?.model ?? null,
    extraction: config.extraction,
    currentRules: () => rules.current().handle,
    logger,
  });
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= pool.close());
  cleanup.add(`close the ${name} analyse pool`, close);
  // As many in flight as rspamd gets (bench/peers/rspamd.ts): the pool runs one message per
  // worker thread at a time, and the rest wait on the main thread, so the load generator's
  // concurrency is the same for both and no worker waits for its next message between two.
  const concurrency = config.pipeline.workerThreads * 4;
  const packs = [...new Set(ruleSet.rules.map((rule) => `${rule.kind}/${rule.pack}`))].sort();
  return {
    name,
    concurrency,
    setup:
      `Custodian analyse pool \`classify\` (parse + attachment extraction + ${ruleSet.rules.length} ${bayes === null ? 'shipped rules' : 'rules, shipped and the Bayes pack,'} in ${packs.join(', ')}), ` +
      `${config.pipeline.workerThreads} worker threads, DKIM verification off (no DNS), ` +
      (bayes === null
        ? 'Bayes off (the default); '
        : `Bayes on (model ${basename(bayes.file)}, learnt from ${bayes.model.messages.spam} spam and ${bayes.model.messages.ham} ham) with the rules of bench/spam/bayes-pack; `) +
      `${concurrency} in flight; spam = verdict spam (score >= ${config.rules.spamThreshold})`,
    check: async (raw) => {
      const classification = await pool.classify(raw, NO_ENVELOPE);
      if (classification.status === 'error') throw new Error(classification.error ?? 'classification failed');
      return { spam: classification.spam.verdict === 'spam' };
    },
    stop: close,
  };
}
