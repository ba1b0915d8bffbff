import { z } from 'zod';

/**
 * A period bound: an ISO-8601 date (`2024-01-01`, midnight UTC) or date-time with its offset
 * (`2024-01-01T09:00:00+01:00`). Shared by the API and the CLI so both accept the same text.
 */
export const reportDateSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'must be an ISO-8601 date (2024-01-31) or date-time with offset (2024-01-31T09:00:00Z)' })
  .transform((text) => new Date(text));

/** A report period `[from, to)`: `to` is exclusive and must be after `from`. */
export const reportPeriodSchema = z
  .strictObject({ from: reportDateSchema, to: reportDateSchema })
  .refine((period) => period.from < period.to, { path: ['to'], message: 'must be after from (to is exclusive)' });
