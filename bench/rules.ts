/**
 * bench:rules — spam classification of the 6,046-message SpamAssassin corpus by Custodian and by
 * two peers run offline on the same machine (rspamd and SpamAssassin's spamd, see bench/peers/),
 * one after another in one run so each has the machine to itself. Reports each one's throughput
 * (msgs/s, wall time from first request to last answer after a short untimed warm-up) and its
 * accuracy per corpus folder: spam recall on spam folders, false-positive rate on ham folders,
 * the folders rules were developed on (easy-ham-1, spam-1) apart from the held-out ones.
 * Targets (issue 4): Custodian ≥ rspamd's rate; held-out false positives < 1% and recall above
 * SpamAssassin's.
 *
 *   npm run bench:rules [-- --only custodian|custodian+bayes|rspamd|spamassassin ...] [--limit N] [--sample N]
 *                       [--bayes-model FILE]
 *
 * `--limit N` classifies N messages spread over all folders (quick runs; RESULTS.md untouched);
 * `--sample N` has SpamAssassin (~20 msgs/s here) classify only N of them, spread the same way.
 * `--bayes-model FILE` (a `custodian bayes train` model) adds a `custodian+bayes` row: Custodian
 * again with the optional Bayes classifier and its rule pack on.
 * A peer that is not installed is skipped with one line.
 */
import { loadavg } from 'node:os';
import { classifyAll } from './peers/classify-all.js';
import { PeerMissing } from './peers/peer.js';
import { startPeer } from './peers/start-peer.js';
import type { Contender, ContenderName } from './rules/contender.js';
import { loadLabelledCorpus, spreadSample } from './rules/corpus-folders.js';
import { startCustodian } from './rules/custodian-contender.js';
import { parseRulesBenchOptions } from './rules/options.js';
import { accuracyTable, errorSamples, throughputTable, type ContenderRun } from './rules/report.js';
import { describeMachine, machineInfo } from './support/machine-info.js';
import { writeResultsSection } from './support/results-file.js';
import { runBench, type Cleanup } from './support/run-bench.js';
import { formatTable, markdownTable } from './support/table.js';

/** Messages each classifier sees untimed first (worker start-up, JIT, lazily built caches). */
const WARM_UP = 20;

runBench('rules', 60 * 60_000, async (cleanup) => {
  const options = parseRulesBenchOptions(process.argv.slice(2));
  const machine = machineInfo();
  console.log(`bench:rules on ${describeMachine(machine)}`);
  const corpus = loadLabelledCorpus();
  const selected = options.limit ? spreadSample(corpus, options.limit) : corpus;
  console.log(`corpus: ${corpus.length} messages; classifying ${selected.length}\n`);

  const runs: ContenderRun[] = [];
  for (const name of options.only) {
    const messages = name === 'spamassassin' && options.sample ? spreadSample(selected, options.sample) : selected;
    let contender: Contender;
    try {
      contender = await start(cleanup, name, options.bayesModel);
    } catch (error) {
      if (!(error instanceof PeerMissing)) throw error;
      console.log(`${name}: ${error.message}; skipped`);
      continue;
    }
    await classifyAll(spreadSample(messages, WARM_UP).map((m) => m.wire), contender.concurrency, contender.check);
    const tenth = Math.max(1, Math.round(messages.length / 10));
    const { outcomes, elapsedMs } = await classifyAll(messages.map((m) => m.wire), contender.concurrency, contender.check, (done) => {
      if (done % tenth === 0) console.log(`  ${name}: ${done}/${messages.length}`);
    });
    const loadAverage = loadavg()[0] ?? 0;
    await contender.stop();
    runs.push({ name, setup: contender.setup, concurrency: contender.concurrency, messages, outcomes, elapsedMs, loadAverage });
    console.log(`${name}: ${messages.length} messages in ${(elapsedMs / 1000).toFixed(1)} s\n`);
  }

  const throughput = throughputTable(runs, corpus.length);
  const accuracy = accuracyTable(runs);
  const setups = runs.map((run) => `- **${run.name}**: ${run.setup}`);
  const errors = errorSamples(runs);
  console.log(formatTable(throughput));
  console.log(`\n${formatTable(accuracy)}\n`);
  console.log(setups.join('\n'));
  if (errors.length > 0) console.log(`\nFirst errors:\n${errors.join('\n')}`);

  if (options.limit !== null) return;
  writeResultsSection('rules', [
    '## bench:rules — spam classification, Custodian beside rspamd and SpamAssassin',
    '',
    '```',
    `npm run bench:rules${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    '```',
    '',
    `Machine: ${describeMachine(machine)}.`,
    '',
    `The SpamAssassin public corpus (${corpus.length} messages, mbox \`From \` line stripped, CRLF), the same bytes to each`,
    'classifier, one classifier at a time. Each first classifies 20 messages untimed (warm-up); msgs/s is then the',
    'wall time from the first request to the last answer with the stated number in flight. Rules were developed on',
    'easy-ham-1 and spam-1 only; easy-ham-2, hard-ham-1 and spam-2 are held out.',
    '',
    markdownTable(throughput),
    '',
    'Spam recall (spam folders) and false-positive rate (ham folders):',
    '',
    markdownTable(accuracy),
    '',
    'Configurations:',
    '',
    ...setups,
    ...(errors.length > 0 ? ['', 'First errors:', '', ...errors.map((e) => `- ${e}`)] : []),
  ].join('\n'));
});

function start(cleanup: Cleanup, name: ContenderName, bayesModel: string | null): Promise<Contender> {
  if (name === 'custodian') return startCustodian(cleanup);
  // parseRulesBenchOptions only lets custodian+bayes through with a model.
  if (name === 'custodian+bayes') return startCustodian(cleanup, bayesModel);
  return startPeer(cleanup, name);
}
