import { viewFromEml } from '../view/view-from-eml.js';
import { BAYES_MODEL_FORMAT, BAYES_MODEL_VERSION, type BayesModel } from './bayes-model.js';
import { bayesTokens } from './bayes-tokens.js';
import { messageFiles, readMessageFile } from './message-files.js';

export interface TrainBayesOptions {
  /** Directories of spam, read recursively. */
  spamDirs: readonly string[];
  /** Directories of ham (legitimate mail), read recursively. */
  hamDirs: readonly string[];
  /**
   * Tokens seen in fewer messages than this are left out of the model: a token seen once says
   * almost nothing under Robinson's smoothing and such tokens are most of the vocabulary. Default 2.
   */
  minMessages?: number;
  /** Called after each message, for progress output. */
  onMessage?: (done: number, total: number) => void;
}

export interface TrainedBayes {
  model: BayesModel;
  /** Files passed over as not mail (metadata beside the messages). */
  notMessages: string[];
  /** Messages that could not be parsed, with why; not learnt from. */
  unreadable: Array<{ file: string; reason: string }>;
}

/**
 * Learns a Bayesian model from labelled folders: for every token, in how many spam and how many
 * ham messages it occurs (each message counted once per token, as SpamAssassin's Bayes does).
 * Messages are parsed as the pipeline parses them, so training sees the same tokens as
 * classification.
 *
 * @throws Error when either side has no message: a model must have seen both kinds.
 */
export async function trainBayes(options: TrainBayesOptions): Promise<TrainedBayes> {
  const notMessages: string[] = [];
  const unreadable: TrainedBayes['unreadable'] = [];
  const listed = async (dirs: readonly string[]) => {
    const files: string[] = [];
    for (const dir of dirs) {
      const found = await messageFiles(dir);
      files.push(...found.messages);
      notMessages.push(...found.notMessages);
    }
    return files;
  };
  const spamFiles = await listed(options.spamDirs);
  const hamFiles = await listed(options.hamDirs);
  const total = spamFiles.length + hamFiles.length;

  const counts = new Map<string, [number, number]>();
  const learnt = { spam: 0, ham: 0 };
  let done = 0;
  for (const [files, side] of [[spamFiles, 0], [hamFiles, 1]] as const) {
    for (const file of files) {
      try {
        const view = await viewFromEml(await readMessageFile(file), { sender: null, recipients: [] });
        for (const token of bayesTokens(view)) {
          const entry = counts.get(token) ?? [0, 0];
          entry[side]++;
          counts.set(token, entry);
        }
        learnt[side === 0 ? 'spam' : 'ham']++;
      } catch (error) {
        unreadable.push({ file, reason: (error as Error).message });
      }
      options.onMessage?.(++done, total);
    }
  }
  if (learnt.spam === 0 || learnt.ham === 0) {
    throw new Error(`a Bayes model needs spam and ham to learn from; found ${learnt.spam} spam and ${learnt.ham} ham messages`);
  }

  const minMessages = options.minMessages ?? 2;
  // Sorted, so the same mail always gives the same file; fromEntries defines own keys whatever the token.
  const tokens: BayesModel['tokens'] = Object.fromEntries(
    [...counts].filter(([, [spam, ham]]) => spam + ham >= minMessages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return {
    model: { format: BAYES_MODEL_FORMAT, version: BAYES_MODEL_VERSION, trainedAt: new Date().toISOString(), messages: learnt, tokens },
    notMessages,
    unreadable,
  };
}
