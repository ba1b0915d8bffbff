import { z } from 'zod';
import { isClientRange } from '../smtp/client-range.js';
import { clusterSchema } from './cluster-schema.js';
import { checkReportMailing, exportsSchema, reportsSchema } from './reports-schema.js';
import { integritySchema, retentionSchema } from './retention-schema.js';
import { extractionSchema, notifySchema, rulesSchema } from './rules-schema.js';

/**
 * The one configuration schema. Every option is documented here with its default; the README's
 * configuration reference mirrors this file. Unknown keys are errors (a typo must not be ignored).
 */
/** A TCP port; 0 binds a free one (tests). */
const port = z.number().int().min(0).max(65535);
const byteSize = z.number().int().positive();

const smtpUser = z.strictObject({
  /** AUTH user name. */
  username: z.string().min(1),
  /** scrypt hash from `custodian hash-password` (never the password itself). */
  passwordHash: z.string().regex(/^scrypt\$/, 'must be a hash made by `custodian hash-password`'),
});

export const smtpSchema = z.strictObject({
  /** Listen address. Default 127.0.0.1: journaling sources must be allowed explicitly. */
  host: z.string().default('127.0.0.1'),
  /** Listen port. Default 2525. */
  port: port.default(2525),
  /** Name in the greeting banner and Received evidence. Default: the machine's host name. */
  banner: z.string().optional(),
  /** Largest message accepted, in bytes (SIZE extension; 552 above it). Default 50 MiB. */
  maxMessageBytes: byteSize.default(50 * 1024 * 1024),
  /** Most RCPT TO per message (452 above it). Default 1000. */
  maxRecipients: z.number().int().positive().default(1000),
  /** Most simultaneous connections in all. Default 200. */
  maxConnections: z.number().int().positive().default(200),
  /** Most simultaneous connections from one client address. Default 50. */
  maxConnectionsPerIp: z.number().int().positive().default(50),
  /** Client addresses or CIDR ranges allowed to connect; empty allows every client. Default []. */
  allowedClients: z
    .array(z.string().refine(isClientRange, 'must be an IP address or CIDR range, e.g. 10.0.0.0/8 or 2001:db8::/32'))
    .default([]),
  /**
   * Look up each client's host name by reverse DNS, for the envelope evidence. Off by default:
   * journaling clients are known servers, their Received headers already name them, and a slow
   * resolver would delay every connection. Default false.
   */
  reverseDns: z.boolean().default(false),
  /** Idle socket timeout in milliseconds. Default 60000. */
  socketTimeoutMs: z.number().int().positive().default(60_000),
  /** STARTTLS certificate and key (PEM paths). Absent: STARTTLS is not offered. */
  tls: z.strictObject({ certFile: z.string().min(1), keyFile: z.string().min(1) }).optional(),
  /** Refuse MAIL FROM before STARTTLS. Needs `tls`. Default false. */
  requireTls: z.boolean().default(false),
  /** AUTH (PLAIN, LOGIN). Absent: AUTH is not offered. */
  auth: z.strictObject({
    /** Refuse mail from clients that did not authenticate. Default true. */
    required: z.boolean().default(true),
    users: z.array(smtpUser).min(1),
  }).optional(),
  /**
   * The archive's own mailbox addresses. A BCC copy sent to `local+user=example.com@domain` where
   * `local@domain` is listed here names the recipient `user@example.com` (Postfix plus-addressing).
   * Default [].
   */
  archiveAddresses: z.array(z.string().email()).default([]),
  /**
   * Clients (addresses or CIDR ranges) whose Exchange journal reports are believed: list your
   * journaling servers. A report from any other client that did not authenticate with SMTP AUTH
   * is archived whole as a BCC copy and flagged `journal-report-untrusted`, so nobody who can
   * reach the port can forge an envelope. Default: loopback only.
   */
  journalReportSources: z
    .array(z.string().refine(isClientRange, 'must be an IP address or CIDR range, e.g. 10.0.0.0/8 or 2001:db8::/32'))
    .default(['127.0.0.0/8', '::1']),
}).superRefine((smtp, ctx) => {
  if (smtp.requireTls && !smtp.tls) {
    ctx.addIssue({ code: 'custom', path: ['requireTls'], message: 'requires smtp.tls (certFile and keyFile)' });
  }
});

export const apiSchema = z.strictObject({
  /** Listen address. Default 127.0.0.1. */
  host: z.string().default('127.0.0.1'),
  /** Listen port. Default 8080. */
  port: port.default(8080),
});

export const pipelineSchema = z.strictObject({
  /** Messages in flight through the pipeline at once. Default 16. */
  concurrency: z.number().int().min(1).max(1024).default(16),
  /** Worker threads that unjournal and parse (CPU-bound work). Default 2. */
  workerThreads: z.number().int().min(1).max(64).default(2),
  /** A message taking longer than this to parse is archived raw and flagged. Default 30000. */
  parseTimeoutMs: z.number().int().positive().default(30_000),
  /** Larger originals are archived raw, not parsed, and flagged. Default 50 MiB. */
  maxParseBytes: byteSize.default(50 * 1024 * 1024),
  /** Attachments indexed per message; the rest are flagged as truncated. Default 500. */
  maxAttachments: z.number().int().positive().default(500),
  /** Deepest MIME nesting parsed; deeper is archived raw and flagged. Default 30. */
  maxMimeDepth: z.number().int().positive().default(30),
  /** Text indexed per text-like attachment, in bytes. Default 1 MiB. */
  maxAttachmentTextBytes: byteSize.default(1024 * 1024),
  /** Body text indexed per message, in bytes. Default 4 MiB. */
  maxBodyTextBytes: byteSize.default(4 * 1024 * 1024),
  retry: z.strictObject({
    /** Attempts before a job is dead-lettered. Default 8. */
    maxAttempts: z.number().int().min(1).default(8),
    /** First retry delay in ms; doubles per attempt with ±50 % jitter. Default 1000. */
    backoffMs: z.number().int().positive().default(1000),
    /** Longest retry delay in ms. Default 300000. */
    maxBackoffMs: z.number().int().positive().default(300_000),
  }).prefault({}),
});

export const archiveSchema = z.strictObject({
  /** Blob compression. Default gzip. */
  compression: z.enum(['gzip', 'none']).default('gzip'),
  /**
   * File holding a 256-bit key (64 hex characters) for AES-256-GCM encryption of blobs at rest.
   * Absent: blobs are not encrypted. Keep the key outside the data directory and backed up.
   */
  encryptionKeyFile: z.string().min(1).optional(),
});

export const configSchema = z.strictObject({
  /**
   * `embedded`: one process, SQLite, files on disk. `cluster`: roles in separate processes sharing
   * Redis (BullMQ), an Elasticsearch or OpenSearch cluster (the `cluster` section) and `dataDir`
   * on a shared filesystem. Default embedded.
   */
  profile: z.enum(['embedded', 'cluster']).default('embedded'),
  /** Where the database, spool and blobs live (cluster profile: a path every role reaches). Default ./data. */
  dataDir: z.string().min(1).default('./data'),
  /** trace, debug, info, warn, error. Default info. */
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
  smtp: smtpSchema.prefault({}),
  api: apiSchema.prefault({}),
  pipeline: pipelineSchema.prefault({}),
  archive: archiveSchema.prefault({}),
  /** Spam and DLP rule packs (see the README's rule pack reference). */
  rules: rulesSchema.prefault({}),
  /** Attachment text extraction for the rules and the full-text index. */
  extraction: extractionSchema.prefault({}),
  /** Notices for rules with a `notify` action. Absent: such actions are recorded, no notice is sent. */
  notify: notifySchema.optional(),
  /** Retention policies and their sweeps. */
  retention: retentionSchema.prefault({}),
  /** Tamper evidence: signed Merkle checkpoints, time-stamps, scheduled verification. */
  integrity: integritySchema.prefault({}),
  /** PDF reports: where they are written, site definitions, schedules. */
  reports: reportsSchema.prefault({}),
  /** E-discovery exports. */
  exports: exportsSchema.prefault({}),
  /** The cluster profile's Redis and search engine (ignored by the embedded profile). */
  cluster: clusterSchema.prefault({}),
}).superRefine(checkReportMailing);

export type Config = z.infer<typeof configSchema>;
