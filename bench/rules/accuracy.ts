import type { Outcome } from '../peers/classify-all.js';
import { FOLDERS, type FolderName, type LabelledMessage } from './corpus-folders.js';

/** How one classifier did on a group of messages of one label. */
export interface GroupScore {
  /** Messages classified (errors excluded). */
  classified: number;
  /** Of those, judged spam. */
  flagged: number;
  /** Messages the classifier failed on. */
  errors: number;
}

/** A group of folders the accuracy table has a row for. */
export interface FolderGroup {
  label: string;
  spam: boolean;
  heldOut: boolean;
  folders: readonly FolderName[];
}

/** Each folder alone, then the held-out ham folders together (the false-positive rate the issue sets a target for). */
export const FOLDER_GROUPS: readonly FolderGroup[] = [
  ...FOLDERS.map((f) => ({ label: f.name, spam: f.spam, heldOut: f.heldOut, folders: [f.name] })),
  { label: 'held-out ham (easy-ham-2 + hard-ham-1)', spam: false, heldOut: true, folders: ['easy-ham-2', 'hard-ham-1'] },
];

/** Counts verdicts per group; `outcomes[i]` is the verdict on `messages[i]`. */
export function scoreGroup(group: FolderGroup, messages: readonly LabelledMessage[], outcomes: readonly Outcome<{ spam: boolean }>[]): GroupScore {
  const score: GroupScore = { classified: 0, flagged: 0, errors: 0 };
  messages.forEach((message, i) => {
    if (!group.folders.includes(message.folder)) return;
    const outcome = outcomes[i];
    if (!outcome || !outcome.ok) score.errors++;
    else {
      score.classified++;
      if (outcome.verdict.spam) score.flagged++;
    }
  });
  return score;
}

/**
 * `38.7% (541/1397)`, plus the error count when there were errors; `–` when nothing was
 * classified. Rates under 1% get two decimals: the false-positive target is 1%, and 1 in 2,500
 * must not print as 0.0%.
 */
export function formatScore(score: GroupScore): string {
  if (score.classified === 0) return score.errors > 0 ? `${score.errors} errors` : '–';
  const rate = (100 * score.flagged) / score.classified;
  const percent = rate < 1 ? rate.toFixed(2) : rate.toFixed(1);
  return `${percent}% (${score.flagged}/${score.classified})${score.errors > 0 ? `, ${score.errors} errors` : ''}`;
}
