import { z } from 'zod';
import { SEVERITIES, type RuleKind } from '../../domain/classification.js';
import { actionSchema } from './action-schema.js';
import { createConditionSchema, type ConditionContext } from './condition-schema.js';
import { exampleSchema } from './example-schema.js';
import type { RuleDefinition } from './rule-definition.js';
import { strictObject } from './strict-object.js';

/** A pack file after validation: its rules not yet tied to the pack's name. */
export interface PackFile {
  kind?: RuleKind;
  description: string;
  rules: Array<Omit<RuleDefinition, 'pack'>>;
}

/** The schema of one pack file whose kind is known (from its directory or its `kind:` key). */
export function createPackSchema(kind: RuleKind, context: ConditionContext): z.ZodType<PackFile> {
  const condition = createConditionSchema(context);
  const rule = strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a rule id is lower-case letters, digits and "-", e.g. pci-card-number-high'),
    description: z.string().min(1),
    severity: z.enum(SEVERITIES).optional(),
    score: z.number().finite().optional(),
    when: condition,
    except: z.array(condition).optional(),
    actions: z.array(actionSchema).optional(),
    examples: z.array(exampleSchema).optional(),
    counterExamples: z.array(exampleSchema).optional(),
  }).transform((value, ctx): Omit<RuleDefinition, 'pack'> => {
    const problem = (path: string, message: string): void => {
      ctx.issues.push({ code: 'custom', message, input: value, path: [path] });
    };
    if (kind === 'spam' && value.score === undefined) problem('score', 'a spam rule needs a score (a number, may be negative)');
    if (kind === 'spam' && value.severity !== undefined) problem('severity', 'severity is for dlp rules; a spam rule has a score');
    if (kind === 'dlp' && value.severity === undefined) problem('severity', `a dlp rule needs a severity: ${SEVERITIES.join(', ')}`);
    if (kind === 'dlp' && value.score !== undefined) problem('score', 'score is for spam rules; a dlp rule has a severity');
    return {
      id: value.id,
      kind,
      description: value.description,
      ...(value.score !== undefined && { score: value.score }),
      ...(value.severity !== undefined && { severity: value.severity }),
      when: value.when,
      except: value.except ?? [],
      actions: value.actions ?? (kind === 'dlp' ? [{ action: 'incident' }] : []),
      examples: value.examples ?? [],
      counterExamples: value.counterExamples ?? [],
    };
  });
  return strictObject({
    kind: z.enum(['spam', 'dlp']).optional(),
    description: z.string().default(''),
    rules: z.array(rule),
  });
}
