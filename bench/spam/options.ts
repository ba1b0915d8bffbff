import { parseArgs } from 'node:util';

export interface SpamAccuracyOptions {
  /** Spam verdict threshold. Default 5 (config `rules.spamThreshold`'s default). */
  threshold: number;
  /** Directory of the spam pack. Default the shipped `rules/spam`. */
  rulesDir: string;
  /** Print how often each rule fired, per folder. */
  ruleStats: boolean;
  /** Print the misclassified messages of these folders with their score and rules. */
  show: string[];
  /** Write the accuracy table into bench/RESULTS.md (section `spam-accuracy`). */
  writeResults: boolean;
  /** Classify and report only the development folders (for tuning runs: the held-out figures stay unseen). */
  devOnly: boolean;
  /** A model written by `custodian bayes train`: Bayes on, with the Bayes rule pack. Default none (Bayes off). */
  bayesModel: string | null;
}

/** Parses `--threshold N`, `--rules DIR`, `--rule-stats`, `--show FOLDER` (repeatable), `--dev-only`, `--write-results`, `--bayes-model FILE`. */
export function parseSpamAccuracyOptions(argv: readonly string[], defaultRulesDir: string): SpamAccuracyOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      threshold: { type: 'string' },
      rules: { type: 'string' },
      'rule-stats': { type: 'boolean' },
      show: { type: 'string', multiple: true },
      'write-results': { type: 'boolean' },
      'dev-only': { type: 'boolean' },
      'bayes-model': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values['dev-only'] && values['write-results']) throw new Error('--write-results records the held-out figures; it cannot go with --dev-only');
  const threshold = values.threshold === undefined ? 5 : Number(values.threshold);
  if (!Number.isFinite(threshold)) throw new Error(`--threshold must be a number, not "${values.threshold}"`);
  return {
    threshold,
    rulesDir: values.rules ?? defaultRulesDir,
    ruleStats: values['rule-stats'] ?? false,
    show: values.show ?? [],
    writeResults: values['write-results'] ?? false,
    devOnly: values['dev-only'] ?? false,
    bayesModel: values['bayes-model'] ?? null,
  };
}
