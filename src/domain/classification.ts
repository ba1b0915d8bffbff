/**
 * What the spam and DLP rules made of one message: kept with its archive record, searchable
 * (`spam:yes`, `score>=5`, `dlp:credit-card`, `dlp-severity:high`, `rule:<id>`, `tag:<tag>`) and
 * explainable (each hit says which rule fired and on what evidence).
 */

/** How sure a detector is of one match, in the manner of Microsoft Purview's confidence levels. */
export type Confidence = 'low' | 'medium' | 'high';
export const CONFIDENCES = ['low', 'medium', 'high'] as const satisfies readonly Confidence[];

/** How serious a DLP rule's match is. */
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const satisfies readonly Severity[];

/** The rule packs a rule can belong to. */
export type RuleKind = 'spam' | 'dlp';

/**
 * What a rule asks for when it fires. In archive mode `quarantine`, `reject` and `redirect` are
 * recorded on the verdict (the disposition a gateway would apply); `tag`, `incident` and
 * `notify` take effect.
 */
export type RuleAction =
  | { action: 'tag'; tag: string }
  | { action: 'incident' }
  | { action: 'notify'; to: string[] }
  | { action: 'quarantine' }
  | { action: 'reject'; text: string }
  | { action: 'redirect'; to: string };

/** Where in the message a match was found. */
export type EvidenceSource = 'subject' | 'body' | 'html' | 'url' | 'header' | 'address' | 'envelope' | 'attachment' | 'message';

/** One piece of evidence for a rule hit. Never holds a full secret: samples are redacted. */
export interface HitEvidence {
  source: EvidenceSource;
  /** The header name, attachment file name or detector id the evidence came from, when there is one. */
  detail?: string;
  /** For detector conditions: the detector, how many instances matched and the best confidence. */
  detector?: string;
  count?: number;
  confidence?: Confidence;
  /** Up to a few redacted samples, e.g. `**** **** **** 1881`, `AKIA************MPLE`. */
  samples: string[];
  /** True when every sample is a well-known test value (e.g. a card network's published test number). */
  testValuesOnly?: boolean;
}

export interface RuleHit {
  ruleId: string;
  kind: RuleKind;
  /** The pack (file name without extension) the rule came from. */
  pack: string;
  description: string;
  /** Spam rules: the score added (may be negative). */
  score?: number;
  /** DLP rules: the severity. */
  severity?: Severity;
  evidence: HitEvidence[];
  actions: RuleAction[];
}

/** What a gateway would do with the message; an archive only records it. */
export type Disposition = 'deliver' | 'quarantine' | 'reject' | 'redirect';

/** Whether an attachment's text reached the rules, and if not why not. Never silently skipped. */
export type ExtractionStatus = 'extracted' | 'no-text' | 'unsupported' | 'failed' | 'timed-out' | 'limit-exceeded' | 'encrypted';

export interface AttachmentExtraction {
  /** File name, with the path inside archives: `report.zip/q3/figures.xlsx`. */
  name: string;
  /** Type from the content's magic bytes, or null when unknown. */
  detectedType: string | null;
  status: ExtractionStatus;
  /** Why text is missing or partial (for statuses other than `extracted`, and for truncation). */
  reason?: string;
}

export interface Classification {
  /** Content hash of the rule set that classified the message. */
  rulesVersion: string;
  /** `error` when the rule engine failed on this message even after retrying: never `clean` by default. */
  status: 'classified' | 'error';
  /** Why the engine failed (status `error`). */
  error?: string;
  spam: {
    score: number;
    threshold: number;
    verdict: 'spam' | 'ham' | 'error';
  };
  dlp: {
    /** The highest severity of any DLP rule that fired; null when none did. */
    severity: Severity | null;
  };
  hits: RuleHit[];
  /** Tags from `tag` actions, deduplicated. */
  tags: string[];
  disposition: Disposition;
  /** Redirect target or reject text when the disposition needs one. */
  dispositionDetail?: string;
  attachments: AttachmentExtraction[];
}

/**
 * How the error of a classification begins when the rule engine failed on the message (as
 * opposed to a message that was not parsed): such a failure raises a `rule-engine-error` incident.
 */
export const RULE_ENGINE_ERROR_PREFIX = 'rule engine:';

/**
 * The classification of a message the rules did not run on (not parsed, or the engine kept
 * failing): status `error` with the reason, spam verdict `error`, so it is never counted clean.
 */
export function notClassified(reason: string, rulesVersion = 'none'): Classification {
  return {
    rulesVersion,
    status: 'error',
    error: reason,
    spam: { score: 0, threshold: 0, verdict: 'error' },
    dlp: { severity: null },
    hits: [],
    tags: [],
    disposition: 'deliver',
    attachments: [],
  };
}
