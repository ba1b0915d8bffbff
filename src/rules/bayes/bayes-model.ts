import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** What a model file says it is, so a wrong file is refused by name rather than misread. */
export const BAYES_MODEL_FORMAT = 'custodian-bayes';
export const BAYES_MODEL_VERSION = 1;

const count = z.number().int().min(0);

/**
 * A trained Bayesian model as stored (plain JSON, written by `custodian bayes train`): how many
 * spam and ham messages it learnt from, and for each token the number of spam and of ham
 * messages that contained it.
 */
export const bayesModelSchema = z.strictObject({
  format: z.literal(BAYES_MODEL_FORMAT),
  version: z.literal(BAYES_MODEL_VERSION),
  /** ISO-8601 time of training. */
  trainedAt: z.iso.datetime(),
  /** Messages learnt from; a model needs both kinds to tell them apart. */
  messages: z.strictObject({ spam: z.number().int().min(1), ham: z.number().int().min(1) }),
  /** Token → [spam messages containing it, ham messages containing it]. */
  tokens: z.record(z.string().min(1), z.tuple([count, count])),
});

export type BayesModel = z.infer<typeof bayesModelSchema>;

/** A model file that cannot be used; the message names the file and the offending key. */
export class BayesModelError extends Error {
  override readonly name = 'BayesModelError';
}

/**
 * Reads and validates a model file (config `rules.bayesModelFile`).
 *
 * @throws BayesModelError naming the file and, for invalid content, each offending key
 *   (`tokens.viagra: …`, `messages.ham: …`).
 */
export async function loadBayesModel(path: string): Promise<BayesModel> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new BayesModelError(`${path}: cannot read the Bayes model (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BayesModelError(`${path}: not JSON (${(error as Error).message})`);
  }
  const parsed = bayesModelSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`);
    const more = parsed.error.issues.length > 5 ? `; and ${parsed.error.issues.length - 5} more` : '';
    throw new BayesModelError(`${path}: not a valid Bayes model: ${problems.join('; ')}${more}`);
  }
  return parsed.data;
}
