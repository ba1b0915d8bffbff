import { renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { evaluateBayes, loadBayesModel, trainBayes } from '../rules/bayes/index.js';

/** Unreadable messages listed by name after training; the rest are only counted. */
const UNREADABLE_SHOWN = 5;

/**
 * `custodian bayes train|evaluate`: the optional Bayesian classifier (off until config
 * `rules.bayesModelFile` names a model). `train` learns a model from labelled directories;
 * `evaluate` reports how a model alone does on other labelled directories.
 */
export function addBayesCommands(program: Command): void {
  const bayes = program.command('bayes').description('train and evaluate the optional Bayesian spam classifier');

  bayes
    .command('train')
    .description('learn a model from directories of spam and of ham (read recursively); set rules.bayesModelFile to use it')
    .requiredOption('--spam <dir...>', 'directories of spam')
    .requiredOption('--ham <dir...>', 'directories of legitimate mail')
    .requiredOption('-o, --out <file>', 'where to write the model (JSON)')
    .action(async (options: { spam: string[]; ham: string[]; out: string }) => {
      const started = performance.now();
      const { model, notMessages, unreadable } = await trainBayes({
        spamDirs: options.spam,
        hamDirs: options.ham,
        onMessage: (done, total) => {
          if (done % 500 === 0 || done === total) console.error(`read ${done}/${total} messages`);
        },
      });
      const out = resolve(options.out);
      // Written under a temporary name and renamed, so a running appliance never reads half a model.
      writeFileSync(`${out}.tmp`, `${JSON.stringify(model)}\n`);
      renameSync(`${out}.tmp`, out);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.error(
        `learnt ${model.messages.spam} spam and ${model.messages.ham} ham messages, ${Object.keys(model.tokens).length} tokens, in ${seconds} s; wrote ${out}`,
      );
      if (notMessages.length > 0) console.error(`passed over ${notMessages.length} files that are not messages (no header field on their first line)`);
      if (unreadable.length > 0) {
        console.error(`could not parse ${unreadable.length} messages:`);
        for (const { file, reason } of unreadable.slice(0, UNREADABLE_SHOWN)) console.error(`  ${file}: ${reason}`);
        if (unreadable.length > UNREADABLE_SHOWN) console.error(`  … and ${unreadable.length - UNREADABLE_SHOWN} more`);
      }
    });

  bayes
    .command('evaluate')
    .description('classify labelled directories with a model alone and print spam recall and false-positive rate')
    .requiredOption('-m, --model <file>', 'a model written by `custodian bayes train`')
    .option('--spam <dir...>', 'directories of spam', [])
    .option('--ham <dir...>', 'directories of legitimate mail', [])
    .option('-t, --threshold <p>', 'spam when the probability is at least this', '0.9')
    .action(async (options: { model: string; spam: string[]; ham: string[]; threshold: string }) => {
      const threshold = Number(options.threshold);
      if (!(threshold >= 0 && threshold <= 1)) program.error('--threshold must be a number from 0 to 1', { exitCode: 2 });
      const model = await loadBayesModel(options.model);
      const dirs = [...options.spam.map((dir) => ({ dir, label: 'spam' as const })), ...options.ham.map((dir) => ({ dir, label: 'ham' as const }))];
      if (dirs.length === 0) program.error('give at least one --spam or --ham directory', { exitCode: 2 });
      console.log(['directory', 'label', 'messages', 'flagged', 'rate', 'unreadable'].join('\t'));
      for (const score of await evaluateBayes(model, dirs, threshold)) {
        const percent = score.messages > 0 ? (100 * score.flagged) / score.messages : null;
        // Two decimals under 1%, where false-positive rates are judged.
        const rate = percent === null ? '-' : `${percent.toFixed(percent < 1 ? 2 : 1)}%`;
        console.log([score.dir, score.label === 'spam' ? 'spam (recall)' : 'ham (false positives)', score.messages, score.flagged, rate, score.unreadable].join('\t'));
      }
    });
}
