import { z } from 'zod';
import type { AuthOutcome } from '../message-view.js';
import type { ExampleMessage } from './rule-definition.js';
import { strictObject } from './strict-object.js';

const outcome = z.enum(['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror', 'policy'] satisfies AuthOutcome[]);
const addressList = z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(z.string().min(1)));

/** A message in a rule's `examples` / `counterExamples`. */
export const exampleSchema: z.ZodType<ExampleMessage> = strictObject({
  from: z.string().min(1).optional(),
  to: addressList.optional(),
  cc: addressList.optional(),
  subject: z.string().optional(),
  body: z.string().optional(),
  html: z.string().optional(),
  headers: z.record(z.string().min(1), z.union([z.string(), z.array(z.string())])).optional(),
  envelope: strictObject({ sender: z.string().nullable().optional(), recipients: addressList.optional() }).optional(),
  attachments: z.array(strictObject({
    name: z.string().optional(),
    type: z.string().optional(),
    detectedType: z.string().optional(),
    text: z.string().optional(),
    size: z.number().int().nonnegative().optional(),
  })).optional(),
  size: z.number().int().nonnegative().optional(),
  auth: strictObject({ spf: outcome.optional(), dkim: outcome.optional(), dmarc: outcome.optional(), arc: outcome.optional(), dkimVerified: outcome.optional() }).optional(),
  eml: z.string().min(1).optional(),
}).check((ctx) => {
  if (ctx.value.eml === undefined) return;
  const others = Object.keys(ctx.value).filter((key) => !['eml', 'envelope', 'auth'].includes(key) && ctx.value[key as keyof typeof ctx.value] !== undefined);
  if (others.length > 0) ctx.issues.push({ code: 'custom', message: `an eml: example gives the whole message; only envelope and auth may go beside it, not ${others.join(', ')}`, input: ctx.value, path: [others[0] as string] });
});
