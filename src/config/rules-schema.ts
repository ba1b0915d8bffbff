import { z } from 'zod';

const byteSize = z.number().int().positive();
/** A domain name as written in config: lower-cased, no `@`, no trailing dot. */
const domainName = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be a lower-case domain name such as example.com');

export const rulesSchema = z.strictObject({
  /** Load the spam and DLP packs shipped with Custodian (`rules/spam`, `rules/dlp`). Default true. */
  shippedPacks: z.boolean().default(true),
  /**
   * A directory of your own packs: `spam/*.yaml` and `dlp/*.yaml` inside it, and `*.yaml` at its top
   * level that say `kind: spam` or `kind: dlp`. Absent: none.
   */
  siteDirectory: z.string().min(1).optional(),
  /** Rule ids or pack names switched off (each must exist, so a typo is an error). Default []. */
  disabled: z.array(z.string().min(1)).default([]),
  /** Your organisation's domains (subdomains included): what `internal` and `external` mean in rules. Default []. */
  internalDomains: z.array(domainName).default([]),
  /** Spam score at or above which a message's verdict is spam. Default 5. */
  spamThreshold: z.number().default(5),
  /**
   * authserv-ids whose `Authentication-Results` headers are believed (your own MTAs). Empty: only
   * the topmost such header counts, the one your journaling server added. Default [].
   */
  trustedAuthservIds: z.array(z.string().min(1)).default([]),
  dkim: z.strictObject({
    /** Verify DKIM signatures (needs DNS; skipped cleanly, as `temperror`, when DNS is unreachable). Default true. */
    verify: z.boolean().default(true),
    /** Longest wait for one DNS answer, in ms. Default 1500. */
    dnsTimeoutMs: z.number().int().positive().default(1500),
  }).prefault({}),
  /** A Bayesian model made by `custodian bayes train`. Absent: the Bayes classifier is off (rules' `bayes:` conditions are false). */
  bayesModelFile: z.string().min(1).optional(),
});

export const extractionSchema = z.strictObject({
  /** Attachments larger than this are not extracted (recorded `limit-exceeded`). Default 25 MiB. */
  maxInputBytes: byteSize.default(25 * 1024 * 1024),
  /** Text kept per extracted file, in UTF-8 bytes. Default 1 MiB. */
  maxTextBytes: byteSize.default(1024 * 1024),
  /** Deepest nesting of archives inside archives. Default 3. */
  maxArchiveDepth: z.number().int().min(0).max(16).default(3),
  /** Bytes expanded from one attachment's archives in all (zip bombs stop here). Default 100 MiB. */
  maxExpandedBytes: byteSize.default(100 * 1024 * 1024),
  /** Files read from one attachment's archives. Default 1000. */
  maxArchiveFiles: z.number().int().positive().default(1000),
  /** Longest one attachment's extraction may take, in ms; then it is recorded `timed-out`. Default 10000. */
  timeoutMs: z.number().int().positive().default(10_000),
  /** Longest all of one message's attachments may take, in ms; the rest are recorded `timed-out`. Default 60000. */
  messageBudgetMs: z.number().int().positive().default(60_000),
});

export const notifySchema = z.strictObject({
  /** The SMTP relay notices are sent through. */
  relay: z.strictObject({
    host: z.string().min(1),
    /** Default 25. */
    port: z.number().int().min(1).max(65535).default(25),
    /** TLS from the first byte (port 465). Default false: STARTTLS when the relay offers it. */
    secure: z.boolean().default(false),
    /** Refuse to send unless STARTTLS succeeds. Default false. */
    requireTls: z.boolean().default(false),
    /** PEM file of the CA that signed the relay's certificate. Absent: the system's CAs. */
    caFile: z.string().min(1).optional(),
    /** SMTP AUTH; the password is read from a file, never written in the config. */
    auth: z.strictObject({ user: z.string().min(1), passwordFile: z.string().min(1) }).optional(),
  }),
  /** Sender address of notices. */
  from: z.string().email(),
  /** Recipients of a notice when the rule lists none. Default []. */
  to: z.array(z.string().email()).default([]),
});
