import { FOLDERS, type LabelledMessage } from '../rules/corpus-folders.js';
import type { Table } from '../support/table.js';
import type { SpamOutcome } from './classify-corpus.js';

const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`);

function folderOutcomes(folder: string, messages: readonly LabelledMessage[], outcomes: readonly SpamOutcome[]) {
  return outcomes.filter((_, i) => messages[i]?.folder === folder);
}

/**
 * Per folder that has messages: messages, flagged as spam, the rate (recall on spam folders,
 * false positives on ham), errors.
 */
export function accuracyTable(messages: readonly LabelledMessage[], outcomes: readonly SpamOutcome[], threshold: number): Table {
  const present = new Set(messages.map((m) => m.folder));
  const rows = FOLDERS.filter((folder) => present.has(folder.name)).map((folder) => {
    const mine = folderOutcomes(folder.name, messages, outcomes);
    const scored = mine.filter((o) => o.ok);
    const flagged = scored.filter((o) => o.score >= threshold).length;
    return [
      folder.name,
      folder.heldOut ? 'held-out' : 'development',
      folder.spam ? 'spam recall' : 'ham false positives',
      `${percent(flagged, scored.length)} (${flagged}/${scored.length})`,
      String(mine.length - scored.length),
    ];
  });
  return { headers: ['folder', 'set', 'measure', 'rate', 'errors'], rows, numeric: [3, 4] };
}

/** Recall and false-positive rate on the held-out folders at several thresholds around the configured one. */
export function thresholdSweep(messages: readonly LabelledMessage[], outcomes: readonly SpamOutcome[], thresholds: readonly number[]): Table {
  const heldOut = FOLDERS.filter((f) => f.heldOut);
  const rows = thresholds.map((t) => [
    String(t),
    ...heldOut.map((folder) => {
      const scored = folderOutcomes(folder.name, messages, outcomes).filter((o) => o.ok);
      return percent(scored.filter((o) => o.score >= t).length, scored.length);
    }),
  ]);
  return { headers: ['threshold', ...heldOut.map((f) => `${f.name} ${f.spam ? 'recall' : 'FP'}`)], rows };
}

/**
 * How often each rule fired in each development folder, rules in descending order of spam-1
 * hits. Held-out folders are left out on purpose: per-rule figures on them would invite tuning
 * on the report set.
 */
export function ruleStatsTable(messages: readonly LabelledMessage[], outcomes: readonly SpamOutcome[]): Table {
  const folders = FOLDERS.filter((f) => !f.heldOut);
  const counts = new Map<string, { score: number; perFolder: Map<string, number> }>();
  outcomes.forEach((outcome, i) => {
    if (!outcome.ok) return;
    for (const hit of outcome.hits) {
      const entry = counts.get(hit.ruleId) ?? { score: hit.score, perFolder: new Map<string, number>() };
      const folder = messages[i]?.folder ?? '';
      entry.perFolder.set(folder, (entry.perFolder.get(folder) ?? 0) + 1);
      counts.set(hit.ruleId, entry);
    }
  });
  const sizes = new Map(folders.map((f) => [f.name, folderOutcomes(f.name, messages, outcomes).length] as const));
  const rows = [...counts.entries()]
    .sort((a, b) => (b[1].perFolder.get('spam-1') ?? 0) - (a[1].perFolder.get('spam-1') ?? 0))
    .map(([id, entry]) => [id, String(entry.score), ...folders.map((f) => percent(entry.perFolder.get(f.name) ?? 0, sizes.get(f.name) ?? 0))]);
  return { headers: ['rule', 'score', ...folders.map((f) => f.name)], rows };
}

/**
 * The misclassified messages of one development folder, with their score and the rules that
 * fired. Refuses held-out folders, whose errors must not be studied while tuning.
 */
export function misclassified(folder: string, messages: readonly LabelledMessage[], outcomes: readonly SpamOutcome[], threshold: number): string[] {
  const known = FOLDERS.find((f) => f.name === folder);
  if (!known || known.heldOut) throw new Error(`--show takes a development folder (${FOLDERS.filter((f) => !f.heldOut).map((f) => f.name).join(', ')}), not "${folder}"`);
  const spamFolder = known.spam;
  const lines: string[] = [];
  outcomes.forEach((outcome, i) => {
    const message = messages[i];
    if (message?.folder !== folder) return;
    if (!outcome.ok) lines.push(`${message.name}  error: ${outcome.error}`);
    else if ((outcome.score >= threshold) !== spamFolder) {
      lines.push(`${message.name}  ${outcome.score.toFixed(1)}  ${outcome.hits.map((h) => `${h.ruleId}(${h.score})`).join(' ')}`);
    }
  });
  return lines;
}
