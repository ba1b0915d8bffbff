import { viewFromEml } from '../view/view-from-eml.js';
import type { BayesModel } from './bayes-model.js';
import { bayesProbability } from './bayes-probability.js';
import { messageFiles, readMessageFile } from './message-files.js';

/** How a model judged one labelled directory. */
export interface DirectoryScore {
  dir: string;
  /** What the directory holds. */
  label: 'spam' | 'ham';
  /** Messages classified. */
  messages: number;
  /** Of those, with a spam probability at or above the threshold. */
  flagged: number;
  /** Files passed over as not mail (metadata beside the messages). */
  notMessages: number;
  /** Messages that could not be parsed. */
  unreadable: number;
}

/**
 * Classifies every message of labelled directories with a model alone (no rules): on spam
 * directories `flagged / messages` is the recall, on ham directories the false-positive rate.
 * Evaluate on folders the model was not trained on, or the figures flatter it.
 */
export async function evaluateBayes(
  model: BayesModel,
  dirs: ReadonlyArray<{ dir: string; label: 'spam' | 'ham' }>,
  threshold: number,
): Promise<DirectoryScore[]> {
  const probability = bayesProbability(model);
  const scores: DirectoryScore[] = [];
  for (const { dir, label } of dirs) {
    const { messages, notMessages } = await messageFiles(dir);
    const score: DirectoryScore = { dir, label, messages: 0, flagged: 0, notMessages: notMessages.length, unreadable: 0 };
    for (const file of messages) {
      let p: number;
      try {
        p = probability(await viewFromEml(await readMessageFile(file), { sender: null, recipients: [] }));
      } catch {
        score.unreadable++;
        continue;
      }
      score.messages++;
      if (p >= threshold) score.flagged++;
    }
    scores.push(score);
  }
  return scores;
}
