/**
 * bench:dlp — precision and recall of every sensitive-information detector on the labelled set
 * (test/fixtures/dlp/labelled.yaml: documented valid and invalid examples and realistic
 * look-alikes), and the detectors' throughput over real mail: the 6,046-message SpamAssassin
 * corpus, each raw message (headers, HTML, base64 parts and all) scanned by every detector, plus
 * the time all detectors take over one 100 KB mixed text. `--no-write` prints without updating
 * bench/RESULTS.md.
 */
import { DETECTORS } from '../src/rules/detectors/index.js';
import { loadLabelledSet } from './dlp/labelled-set.js';
import { precision, recall, scoreDetectors } from './dlp/score.js';
import { mbPerSecond, measureThroughput } from './dlp/throughput.js';
import { loadCorpus } from './support/corpus.js';
import { describeMachine, machineInfo } from './support/machine-info.js';
import { summarise } from './support/percentiles.js';
import { writeResultsSection } from './support/results-file.js';
import { runBench } from './support/run-bench.js';
import { formatTable, markdownTable, type Table } from './support/table.js';

/** Minimum measuring time for the corpus throughput. */
const CORPUS_MS = 10_000;
const MIXED_BYTES = 100 * 1024;
const MIXED_RUNS = 50;
/** Mistakes listed per detector in the report. */
const MISSES_SHOWN = 6;

runBench('dlp', 10 * 60_000, async () => {
  const machine = machineInfo();
  console.log(`bench:dlp on ${describeMachine(machine)}`);
  const detectors = [...DETECTORS.values()];
  const cases = loadLabelledSet([...DETECTORS.keys()]);
  const scores = scoreDetectors(detectors, cases);

  const accuracy: Table = {
    headers: ['detector', 'pos', 'neg', 'TP', 'FP', 'FN', 'precision', 'recall', 'P (≥ medium)', 'R (≥ medium)'],
    rows: scores.map((s) => [
      s.id, String(s.positives), String(s.negatives), String(s.any.tp), String(s.any.fp), String(s.any.fn),
      precision(s.any), recall(s.any), precision(s.medium), recall(s.medium),
    ]),
  };
  const total = scores.reduce((t, s) => ({ tp: t.tp + s.any.tp, fp: t.fp + s.any.fp, fn: t.fn + s.any.fn }), { tp: 0, fp: 0, fn: 0 });
  console.log(`\n${cases.length} labelled cases, every detector run on every case\n`);
  console.log(formatTable(accuracy));
  console.log(`\nAll detectors: TP ${total.tp}, FP ${total.fp}, FN ${total.fn}, precision ${precision(total)}, recall ${recall(total)}`);
  const missLines = scores.flatMap((s) =>
    s.misses.slice(0, MISSES_SHOWN).map((m) => `- ${s.id} ${m.kind}: \`${m.text.replaceAll('\n', ' ').slice(0, 70)}\` (${m.source})`).concat(
      s.misses.length > MISSES_SHOWN ? [`- ${s.id}: … ${s.misses.length - MISSES_SHOWN} more`] : [],
    ),
  );
  if (missLines.length > 0) console.log(`\nMistakes (any confidence):\n${missLines.join('\n')}`);

  const corpus = loadCorpus().map((m) => m.wire.toString('latin1'));
  const throughput = measureThroughput(detectors, corpus, CORPUS_MS);
  const perPass = throughput.totalMs / throughput.passes;
  const speed: Table = {
    headers: ['detector', 'ms per pass', 'MB/s', 'share'],
    rows: [...throughput.perDetectorMs]
      .sort((a, b) => b[1] - a[1])
      .map(([id, ms]) => [id, (ms / throughput.passes).toFixed(1), mbPerSecond(throughput.bytes, ms / throughput.passes).toFixed(1), `${((100 * ms) / throughput.totalMs).toFixed(1)}%`]),
  };
  const corpusLine =
    `Corpus: ${corpus.length} messages, ${(throughput.bytes / 1e6).toFixed(1)} MB; all ${detectors.length} detectors ` +
    `${perPass.toFixed(0)} ms per pass (${throughput.passes} passes) = ${mbPerSecond(throughput.bytes, perPass).toFixed(1)} MB/s, ` +
    `${(corpus.length / (perPass / 1000)).toFixed(0)} msgs/s; ${throughput.detections} detections per pass.`;
  console.log(`\n${corpusLine}\n`);
  console.log(formatTable(speed));

  // One 100 KB text mixing real mail with the labelled examples (so validators run too).
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < MIXED_BYTES; i++) {
    const part = i % 2 === 0 ? (corpus[i % corpus.length] ?? '') : cases.slice((i * 7) % cases.length, ((i * 7) % cases.length) + 20).map((c) => c.text).join('\n');
    parts.push(part);
    size += part.length;
  }
  const mixed = parts.join('\n').slice(0, MIXED_BYTES);
  for (const d of detectors) d.find(mixed);
  const samples: number[] = [];
  for (let run = 0; run < MIXED_RUNS; run++) {
    const started = performance.now();
    for (const d of detectors) d.find(mixed);
    samples.push(performance.now() - started);
  }
  const mixedSummary = summarise(samples);
  const mixedLine = `100 KB mixed text (corpus mail interleaved with labelled examples), all detectors: p50 ${mixedSummary.p50.toFixed(1)} ms, p95 ${mixedSummary.p95.toFixed(1)} ms over ${MIXED_RUNS} runs.`;
  console.log(`\n${mixedLine}`);

  if (process.argv.includes('--no-write')) return;
  writeResultsSection('dlp', [
    '## bench:dlp — detector precision, recall and throughput',
    '',
    '```',
    'npm run bench:dlp',
    '```',
    '',
    `Machine: ${describeMachine(machine)}.`,
    '',
    `${cases.length} labelled cases from test/fixtures/dlp/labelled.yaml (documented valid and invalid examples, values`,
    'constructed from documented rules where documentation has too few, and realistic look-alikes). Every detector',
    "runs on every case: a case is positive for the detectors it lists and negative for all others, so one detector",
    "firing on another's example counts as a false positive. \"≥ medium\" counts only medium/high detections.",
    '',
    markdownTable(accuracy),
    '',
    `All detectors, any confidence: TP ${total.tp}, FP ${total.fp}, FN ${total.fn}, precision ${precision(total)}, recall ${recall(total)}.`,
    '',
    ...(missLines.length > 0 ? ['Mistakes (any confidence):', '', ...missLines, ''] : []),
    'Throughput over real mail: every raw corpus message (headers, HTML, base64 parts) scanned by every detector, one',
    'message at a time.',
    '',
    corpusLine,
    '',
    markdownTable(speed),
    '',
    mixedLine,
  ].join('\n'));
});
