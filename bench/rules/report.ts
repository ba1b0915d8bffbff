import type { Outcome } from '../peers/classify-all.js';
import { type Table } from '../support/table.js';
import { FOLDER_GROUPS, formatScore, scoreGroup } from './accuracy.js';
import type { ContenderName } from './contender.js';
import type { LabelledMessage } from './corpus-folders.js';

/** One classifier's timed run over its messages. */
export interface ContenderRun {
  name: ContenderName;
  setup: string;
  concurrency: number;
  messages: LabelledMessage[];
  outcomes: Outcome<{ spam: boolean }>[];
  elapsedMs: number;
  /** 1-minute load average when the run ended: the machine is shared, so say how busy it was. */
  loadAverage: number;
}

/** Messages per second, one row per classifier. */
export function throughputTable(runs: readonly ContenderRun[], corpusSize: number): Table {
  return {
    headers: ['classifier', 'messages', 'in flight', 'seconds', 'msgs/s', 'errors', 'load avg (1 min)'],
    rows: runs.map((run) => [
      run.name,
      run.messages.length < corpusSize ? `${run.messages.length} (sample)` : String(run.messages.length),
      String(run.concurrency),
      (run.elapsedMs / 1000).toFixed(1),
      (run.messages.length / (run.elapsedMs / 1000)).toFixed(1),
      String(run.outcomes.filter((o) => !o.ok).length),
      run.loadAverage.toFixed(1),
    ]),
  };
}

/** Spam recall on spam folders and false-positive rate on ham folders, a column per classifier. */
export function accuracyTable(runs: readonly ContenderRun[]): Table {
  return {
    headers: ['folder', 'set', 'measure', ...runs.map((r) => r.name)],
    numeric: runs.map((_, i) => i + 3),
    rows: FOLDER_GROUPS.map((group) => [
      group.label,
      group.heldOut ? 'held-out' : 'dev',
      group.spam ? 'spam recall' : 'false positives',
      ...runs.map((run) => formatScore(scoreGroup(group, run.messages, run.outcomes))),
    ]),
  };
}

/** The first few errors of each classifier, so a failing run says why. */
export function errorSamples(runs: readonly ContenderRun[], perClassifier = 3): string[] {
  return runs.flatMap((run) =>
    run.outcomes.flatMap((outcome, i) => (outcome.ok ? [] : [`${run.name}: ${run.messages[i]?.name ?? '?'}: ${outcome.error}`])).slice(0, perClassifier),
  );
}
