import { z } from 'zod';

/** A date (`2024-05-01`, UTC midnight) or a date-time with its offset (`2024-05-01T09:30:00+02:00`). */
const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'must be a date (2024-05-01) or a date-time with its offset (2024-05-01T09:30:00Z)' })
  .transform((text) => new Date(text));

/** The time range of an audit export, as the API query and the CLI options give it. */
export const auditRangeSchema = z.strictObject({
  /** From the first entry at or after this time. Default: the first entry. */
  from: instant.optional(),
  /** To the last entry before this time. Default: the last entry when the export starts. */
  to: instant.optional(),
});
