/**
 * bench:spam-accuracy — how well the shipped spam pack alone separates spam from ham on the
 * SpamAssassin corpus, in this process (no peers, no worker threads: see bench:rules for those).
 * The pack was developed on easy-ham-1 and spam-1 only; easy-ham-2, hard-ham-1 and spam-2 are the
 * held-out report. Targets (issue 4): held-out ham false positives below 1%, spam recall above
 * SpamAssassin's local-rules recall (~76%).
 *
 *   node dist/bench/spam-accuracy.js [--threshold 5] [--rules DIR] [--dev-only] [--rule-stats]
 *                                    [--show FOLDER ...] [--write-results] [--bayes-model FILE]
 *
 * `--dev-only` classifies only easy-ham-1 and spam-1 (tuning runs); `--rule-stats` prints each
 * rule's hit rate on the development folders; `--show FOLDER` lists a development folder's
 * misclassified messages with their scores and rules (held-out folders are refused: their errors
 * are not for tuning); `--write-results` records the tables in bench/RESULTS.md (section
 * `spam-accuracy`); `--bayes-model FILE` turns the optional Bayes classifier on with that model
 * and adds the Bayes rule pack (bench/spam/bayes-pack).
 */
import { fileURLToPath } from 'node:url';
import { loadBayesModel } from '../src/rules/bayes/index.js';
import { FOLDERS, loadLabelledCorpus } from './rules/corpus-folders.js';
import { accuracyTable, misclassified, ruleStatsTable, thresholdSweep } from './spam/accuracy-tables.js';
import { classifyCorpus } from './spam/classify-corpus.js';
import { parseSpamAccuracyOptions } from './spam/options.js';
import { describeMachine, machineInfo } from './support/machine-info.js';
import { writeResultsSection } from './support/results-file.js';
import { runBench } from './support/run-bench.js';
import { formatTable, markdownTable } from './support/table.js';

/** The shipped pack in the source tree (this file runs from dist/bench/). */
const SHIPPED_RULES = fileURLToPath(new URL('../../rules/spam', import.meta.url));

runBench('spam-accuracy', 10 * 60_000, async () => {
  const options = parseSpamAccuracyOptions(process.argv.slice(2), SHIPPED_RULES);
  const messages = loadLabelledCorpus().filter((m) => !options.devOnly || !FOLDERS.find((f) => f.name === m.folder)?.heldOut);
  console.log(`bench:spam-accuracy on ${describeMachine(machineInfo())}`);
  const bayesModel = options.bayesModel === null ? null : await loadBayesModel(options.bayesModel);
  console.log(`${messages.length} messages; pack ${options.rulesDir}; threshold ${options.threshold}; Bayes ${options.bayesModel ?? 'off'}\n`);

  const started = performance.now();
  const outcomes = await classifyCorpus(messages, options.rulesDir, options.threshold, bayesModel);
  const seconds = (performance.now() - started) / 1000;

  const accuracy = accuracyTable(messages, outcomes, options.threshold);
  const sweep = thresholdSweep(messages, outcomes, [3, 4, 5, 6, 7, 8]);
  console.log(formatTable(accuracy));
  console.log(`\n(${seconds.toFixed(1)} s, ${(messages.length / seconds).toFixed(0)} msgs/s including parsing)`);
  if (!options.devOnly) console.log(`\nheld-out folders by threshold:\n${formatTable(sweep)}`);
  if (options.ruleStats) console.log(`\n${formatTable(ruleStatsTable(messages, outcomes))}`);
  for (const folder of options.show) console.log(`\nmisclassified in ${folder}:\n${misclassified(folder, messages, outcomes, options.threshold).join('\n')}`);

  if (options.writeResults) {
    writeResultsSection('spam-accuracy', [
      '## bench:spam-accuracy — shipped spam pack on the SpamAssassin corpus',
      '',
      `Machine: ${describeMachine(machineInfo())}. Threshold ${options.threshold}. Bayes ${options.bayesModel === null ? 'off' : `on (model ${options.bayesModel})`}. Developed on easy-ham-1 and spam-1 only; the held-out folders were not used to tune.`,
      '',
      markdownTable(accuracy),
      '',
      'Held-out folders by threshold:',
      '',
      markdownTable(sweep),
    ].join('\n'));
    console.log('\nbench/RESULTS.md updated (section spam-accuracy)');
  }
});
