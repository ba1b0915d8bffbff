import { z } from 'zod';

/**
 * A zod object that refuses unknown keys and says which keys are allowed, so a misspelt key in
 * a rule pack comes with its fix.
 */
export function strictObject<Shape extends z.ZodRawShape>(shape: Shape): z.ZodObject<Shape, z.core.$strict> {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}; allowed here: ${allowed}` : undefined),
  });
}

/** One string or a list of them, as a non-empty list. */
export const stringList = z.preprocess(
  (value) => (typeof value === 'string' ? [value] : value),
  z.array(z.string().min(1)).min(1, 'give at least one value'),
);
