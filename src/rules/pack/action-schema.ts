import { z } from 'zod';
import type { RuleAction } from '../../domain/classification.js';

const ACTIONS = ['tag', 'incident', 'notify', 'quarantine', 'reject', 'redirect'] as const;
const BARE = new Set(['incident', 'notify', 'quarantine']);
const TAG = /^[a-z0-9][a-z0-9._:-]*$/i;
const email = z.email();

/**
 * One action: a bare name (`incident`, `quarantine`, `notify`) or a one-key mapping
 * (`tag: pci`, `notify: [a@b]`, `reject: "550 …"`, `redirect: a@b`).
 */
export const actionSchema = z.unknown().transform((value, ctx): RuleAction => {
  const fail = (message: string, path: PropertyKey[] = []): never => {
    ctx.issues.push({ code: 'custom', message, input: value, path });
    return z.NEVER;
  };
  if (typeof value === 'string') {
    if (BARE.has(value)) return value === 'notify' ? { action: 'notify', to: [] } : ({ action: value } as RuleAction);
    return fail(ACTIONS.includes(value as (typeof ACTIONS)[number])
      ? `action "${value}" needs a value, e.g. ${value}: ${value === 'tag' ? 'pci' : value === 'reject' ? '"550 5.7.1 Not allowed"' : 'compliance@example.com'}`
      : `unknown action "${value}"; actions: ${ACTIONS.join(', ')}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`an action is a name or a one-key mapping; actions: ${ACTIONS.join(', ')}`);
  const entries = Object.entries(value);
  if (entries.length !== 1) return fail(`an action has exactly one key, found ${entries.map(([k]) => k).join(', ') || 'none'}`);
  const [name, argument] = entries[0] as [string, unknown];
  switch (name) {
    case 'tag':
      if (typeof argument !== 'string' || !TAG.test(argument)) return fail('a tag is a word of letters, digits, ".", "_", ":" or "-"', ['tag']);
      return { action: 'tag', tag: argument };
    case 'incident':
    case 'quarantine':
      if (argument !== null) return fail(`"${name}" takes no value; write it as a bare "- ${name}"`, [name]);
      return { action: name };
    case 'notify': {
      const to = argument === null ? [] : typeof argument === 'string' ? [argument] : argument;
      if (!Array.isArray(to) || to.some((address) => !email.safeParse(address).success)) return fail('notify takes a list of email addresses (empty: the configured notify.to)', ['notify']);
      return { action: 'notify', to: to as string[] };
    }
    case 'reject':
      if (typeof argument !== 'string' || argument.trim() === '') return fail('reject needs the SMTP reply text, e.g. "550 5.7.1 Not allowed"', ['reject']);
      return { action: 'reject', text: argument };
    case 'redirect':
      if (typeof argument !== 'string' || !email.safeParse(argument).success) return fail('redirect needs one email address', ['redirect']);
      return { action: 'redirect', to: argument };
    default:
      return fail(`unknown action "${name}"; actions: ${ACTIONS.join(', ')}`, [name]);
  }
});
