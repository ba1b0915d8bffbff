import { z } from 'zod';
import { validate as isCronExpression } from 'node-cron';

const cron = z.string().refine((value) => isCronExpression(value), 'must be a cron expression such as "17 * * * *" (minute hour day month weekday)');

export const retentionSchema = z.strictObject({
  /** Directory of retention policy files (`*.yaml`). Default: the `retention-policies/` shipped with Custodian. */
  policiesDirectory: z.string().min(1).optional(),
  /** When expired messages are swept (cron, local time). Default "17 * * * *" (hourly). */
  sweepSchedule: cron.default('17 * * * *'),
  /** Messages deleted per sweep transaction. Default 500. */
  sweepBatchSize: z.number().int().min(1).max(10_000).default(500),
});

export const integritySchema = z.strictObject({
  /** When the Merkle root over newly archived messages is signed (cron). Default "0 * * * *" (hourly). */
  checkpointSchedule: cron.default('0 * * * *'),
  /** When `verify` runs on its own (cron). Default "30 3 * * 0" (Sundays 03:30). */
  verifySchedule: cron.default('30 3 * * 0'),
  /** PEM Ed25519 private key that signs checkpoints. Default: `<dataDir>/keys/appliance-ed25519.pem`, made at first start. */
  signingKeyFile: z.string().min(1).optional(),
  /** An RFC 3161 time-stamping authority for checkpoints. Absent: checkpoints are signed, not time-stamped. */
  tsa: z.strictObject({
    /** The TSA's HTTP(S) URL (requests are `application/timestamp-query`). */
    url: z.string().url(),
    /** PEM certificate(s) the TSA's signing certificate must chain to. */
    caFile: z.string().min(1),
    /** Longest wait for a time-stamp, in ms. Default 10000. */
    timeoutMs: z.number().int().positive().default(10_000),
  }).optional(),
});
